package dev.sparkflow.jobs.model;

import java.util.List;
import java.util.Map;

/** The "nothing is lost" invariants the jobs enforce; a breach stops the job with the numbers that disagree. */
public final class Conservation {
    private Conservation() {
    }

    /** Thrown when rows read, written and curated do not add up. */
    public static final class Breach extends IllegalStateException {
        Breach(String message) {
            super(message);
        }
    }

    /**
     * Every landed file: rows read == valid + quarantined, the per-reason counts add up, and every line is a
     * skipped line or a row ({@code linesTotal == sum(linesSkipped) + valid + quarantined}).
     */
    public static void requireParsed(List<FileReport> files) {
        for (FileReport r : files) {
            if (!r.conserves()) {
                throw new Breach("conservation broken in parsing " + r.sourceFile() + ": read " + r.rowsRead()
                        + " != valid " + r.rowsValid() + " + quarantined " + r.rowsQuarantined()
                        + " (by reason " + r.quarantinedByReason() + "), or lines " + r.linesTotal()
                        + " != skipped " + r.linesSkipped() + " + valid + quarantined");
            }
        }
    }

    /**
     * What the lake holds per file equals the report.
     * @param valid rows written per file, or null when valid rows went on in memory (curate balances them)
     */
    public static void requireWritten(List<FileReport> files, Map<String, Long> valid, Map<String, Long> quarantined) {
        for (FileReport r : files) {
            long v = valid == null ? r.rowsValid() : valid.getOrDefault(r.sourceFile(), 0L);
            long q = quarantined.getOrDefault(r.sourceFile(), 0L);
            if (v != r.rowsValid() || q != r.rowsQuarantined()) {
                throw new Breach("conservation broken writing " + r.sourceFile() + ": report says " + r.rowsValid()
                        + " valid + " + r.rowsQuarantined() + " quarantined, lake holds " + v + " + " + q);
            }
        }
    }

    /** Curated rows after == rows before + new rows - duplicates dropped. */
    public static void requireCurated(String dataset, CurateReport.DatasetOutcome outcome) {
        if (!outcome.conserves()) {
            throw new Breach("curate of " + dataset + " lost or invented rows: " + outcome.rowsBefore() + " before + "
                    + outcome.rowsNew() + " new - " + outcome.duplicatesDropped() + " duplicates != "
                    + outcome.rowsAfter() + " written");
        }
    }
}
