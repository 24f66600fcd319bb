package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.parse.FileInput;
import dev.sparkflow.jobs.parse.FileParser;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/**
 * Reads and parses one archived file on an executor so that nothing in the file can stop the batch: a parser's
 * RuntimeException, a StackOverflowError or an OutOfMemoryError rejects that file alone as
 * {@link ReasonCode#FILE_UNREADABLE}, with the error's class and message as detail and its lines (counted when it
 * was archived) as rejected_file. A failure to read the lake itself is not the file's fault: it fails the task,
 * which Spark retries.
 */
final class GuardedParse {
    private GuardedParse() {
    }

    /** How a landed file becomes its parsed outcome: {@link FileParser#parse}, or a failing stand-in in tests. */
    @FunctionalInterface
    interface Parsing extends Serializable {
        ParsedFile parse(FileParser parser, FileInput input);
    }

    static ParsedFile parse(IngestJob.Pending p, Function<String, byte[]> read, FileParser parser, Parsing parsing) {
        byte[] bytes;
        try {
            bytes = read.apply(p.rawPath());
        } catch (OutOfMemoryError e) {
            return unreadable(p, e);
        }
        try {
            return parsing.parse(parser, new FileInput(p.sourceFile(), p.dataset(), p.folder(), p.sha256(), bytes));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return unreadable(p, e);
        }
    }

    private static ParsedFile unreadable(IngestJob.Pending p, Throwable e) {
        // Throwable.toString() is the class name and, if there is one, the message.
        return new ParsedFile(FileReport.rejected(p.sourceFile(), p.dataset().dirName(), p.sha256(), p.bytes(),
                ReasonCode.FILE_UNREADABLE, e.toString(), p.lines()), List.of(), List.of());
    }
}
