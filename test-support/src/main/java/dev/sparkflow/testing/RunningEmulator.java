package dev.sparkflow.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A started AWS emulator as a test class holds it: where it listens and logs, how it fails, how to let it go. */
interface RunningEmulator {
    /** Lines of the emulator's log quoted in a failure message. */
    int LOG_TAIL_LINES = 40;

    /** Which emulator this is. */
    Emulator kind();

    /** The base URI it listens on. */
    URI endpoint();

    /** The file holding its output. */
    Path logFile();

    /** The test class is done with it: moto's process stops; the JVM's one LocalStack container stays for the next. */
    void release();

    /** A failure message naming the log file and quoting its last lines. */
    default IllegalStateException failure(String message) {
        String name = kind().id();
        String located = message + "\n" + name + " log: " + logFile();
        try {
            List<String> lines = Files.readAllLines(logFile());
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
            return new IllegalStateException(located + "\n--- last lines of the " + name + " log ---\n" + tail);
        } catch (IOException unreadable) {
            IllegalStateException failure = new IllegalStateException(located);
            failure.addSuppressed(unreadable);
            return failure;
        }
    }
}
