package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of one replay: the files re-read from raw/ with the current config, the open quarantine entries by
 * reason code before and after, what it resolved or superseded, the new entries it wrote (lines failing for a new
 * reason, or never quarantined row by row before) and the rows that are valid now and were not before, by dataset.
 * {@code replayed} is false when re-reading changed nothing: then no batch was written.
 */
public record ReplayReport(String batchId, String ingestDate, String lake, boolean replayed, List<String> batches,
                           List<ReplayedFile> files, Map<String, Long> openBefore, Map<String, Long> openAfter,
                           Map<String, Long> resolved, Map<String, Long> superseded, Map<String, Long> newEntries,
                           Map<String, Long> rowsNowValid) implements Serializable {

    /** A file re-read: its path below landing/, content, archived copy, and the batch that ingested it first. */
    public record ReplayedFile(String sourceFile, String sha256, String rawPath, String firstBatch) implements Serializable {
    }

    public ReplayReport {
        batches = List.copyOf(batches);
        files = List.copyOf(files);
        openBefore = new TreeMap<>(openBefore);
        openAfter = new TreeMap<>(openAfter);
        resolved = new TreeMap<>(resolved);
        superseded = new TreeMap<>(superseded);
        newEntries = new TreeMap<>(newEntries);
        rowsNowValid = new TreeMap<>(rowsNowValid);
    }

    public long total(Map<String, Long> byReason) {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The replay for people: what was re-read, then open entries before and after by reason, then rows now valid. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        if (!replayed) {
            lines.add(String.format(Locale.ROOT, "replay: nothing to replay: %d files re-read from raw/, %d open "
                    + "quarantine entries fail as before; no batch written", files.size(), total(openBefore)));
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "replay %s: %d files re-read from raw/ (first ingested by %s)", batchId,
                files.size(), String.join(", ", new TreeSet<>(files.stream().map(ReplayedFile::firstBatch).toList()))));
        lines.add(String.format(Locale.ROOT, "  %-28s %7s %7s %9s", "open quarantine by reason", "before", "after",
                "resolved"));
        TreeSet<String> reasons = new TreeSet<>(openBefore.keySet());
        reasons.addAll(openAfter.keySet());
        for (String reason : reasons) {
            lines.add(String.format(Locale.ROOT, "  %-28s %7d %7d %9d", reason, openBefore.getOrDefault(reason, 0L),
                    openAfter.getOrDefault(reason, 0L), resolved.getOrDefault(reason, 0L)));
        }
        lines.add(String.format(Locale.ROOT, "  %-28s %7d %7d %9d", "total", total(openBefore), total(openAfter),
                total(resolved)));
        lines.add(String.format(Locale.ROOT, "rows now valid: %d %s; superseded: %d; new quarantine entries: %d",
                total(rowsNowValid), rowsNowValid, total(superseded), total(newEntries)));
        return lines;
    }
}
