package dev.sparkflow.jobs.model;

import java.io.Serializable;

/** One quarantined line as the quarantine zone holds it: the batch that rejected it, its file, line and reason. */
public record QuarantineEntry(String batchId, String sourceFile, String sha256, int lineNumber, String reasonCode)
        implements Serializable {

    /** The entry's identity across the lake: a batch rejects a line of a file (by content) once. */
    public String key() {
        return batchId + "|" + sha256 + "|" + lineNumber;
    }
}
