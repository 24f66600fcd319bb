package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.Rejection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects one file's outcome line by line and assembles its {@link ParsedFile} and report. */
final class Tally {
    private final FileInput input;
    private final List<LakeRecord> records = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final Map<String, Integer> byReason = new TreeMap<>();
    private int rowsRead;

    Tally(FileInput input) {
        this.input = input;
    }

    /** The valid records so far. */
    List<LakeRecord> records() {
        return records;
    }

    void skip(String kind) {
        skip(kind, 1);
    }

    void skip(String kind, int lines) {
        if (lines > 0) skipped.merge(kind, lines, Integer::sum);
    }

    /** Takes back one skipped line of {@code kind} that turned out to be a row (a statement's closing balance). */
    void unskip(String kind) {
        skipped.computeIfPresent(kind, (k, n) -> n > 1 ? n - 1 : null);
    }

    void read() {
        rowsRead++;
    }

    /** Takes back a {@link #read()} for a line that turned out not to be a row (it is then skipped by kind). */
    void unread() {
        rowsRead--;
    }

    void valid(LakeRecord record) {
        records.add(record);
    }

    void reject(int line, String raw, ReasonCode reason, String detail) {
        rejections.add(new Rejection(line, raw, reason, detail));
        byReason.merge(reason.name(), 1, Integer::sum);
    }

    /** The file's outcome; its status follows from its rows ({@link FileReport#statusOf}), whatever the reason. */
    ParsedFile build(ReasonCode fileReason, String fileDetail, String encoding, boolean bom,
                     FileReport.Layout layout, String accountId, int linesTotal) {
        TreeSet<String> months = new TreeSet<>();
        Map<String, Integer> byDataset = new TreeMap<>();
        for (LakeRecord r : records) {
            months.add(r.date().toString().substring(0, 7));
            byDataset.merge(r.dataset().dirName(), 1, Integer::sum);
        }
        int quarantined = rejections.size();
        // Padding, like the checksum, is a fact of the bytes; reported for files that were decoded.
        int padding = encoding == null ? 0 : TextDecoder.nulPadding(input.bytes());
        FileReport report = new FileReport(input.sourceFile(), input.dataset().dirName(), input.sha256(),
                input.bytes().length, FileReport.statusOf(records.size(), quarantined),
                fileReason == null ? null : fileReason.name(), fileDetail, null, encoding, bom, layout, accountId,
                linesTotal, skipped, rowsRead, records.size(), quarantined, byReason, new ArrayList<>(months), padding,
                byDataset);
        return new ParsedFile(report, records, rejections);
    }
}
