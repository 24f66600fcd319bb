package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The machine-readable outcome of one ingest run: every landed file's report, the landed objects left alone as not
 * data (lake.yml's ignored_files), and batch totals over the files.
 */
public record IngestReport(String batchId, String ingestDate, String lake, List<FileReport> files,
                           List<Ignored> ignored, Map<String, Long> totals) implements Serializable {

    /** A landed object that is not data: its path below landing/ and the ignored_files entry it matched. */
    public record Ignored(String path, String rule) implements Serializable {
    }

    public IngestReport {
        files = List.copyOf(files);
        // Reports written before the ignored list existed have none.
        ignored = ignored == null ? List.of() : List.copyOf(ignored);
        totals = new TreeMap<>(totals);
    }

    /** Totals over all files: files by status, rows read/valid/quarantined, quarantined by reason. */
    public static Map<String, Long> totalsOf(List<FileReport> files) {
        Map<String, Long> t = new TreeMap<>();
        for (FileReport f : files) {
            t.merge("files_" + f.status(), 1L, Long::sum);
            t.merge("rows_read", (long) f.rowsRead(), Long::sum);
            t.merge("rows_valid", (long) f.rowsValid(), Long::sum);
            t.merge("rows_quarantined", (long) f.rowsQuarantined(), Long::sum);
            f.quarantinedByReason().forEach((r, n) -> t.merge("quarantined." + r, (long) n, Long::sum));
        }
        return t;
    }

    /**
     * Months (YYYY-MM) curate rewrites for {@code dataset}: those of the files with valid rows of it (a statement's
     * months cover its balances as well as its transactions).
     */
    public List<String> months(LakeDataset dataset) {
        return files.stream().filter(f -> f.rowsValidByDataset().containsKey(dataset.dirName()))
                .flatMap(f -> f.months().stream()).distinct().sorted().toList();
    }

    /** One line naming the files rejected whole and why, or saying there are none: how a run's output ends. */
    public String rejectedLine() {
        List<FileReport> rejected = files.stream().filter(f -> FileReport.REJECTED.equals(f.status())).toList();
        if (rejected.isEmpty()) return "rejected whole: none";
        return "rejected whole: " + rejected.size() + (rejected.size() == 1 ? " file: " : " files: ") + rejected.stream()
                .map(f -> f.sourceFile() + " (" + f.rejectedBecause() + ")").collect(Collectors.joining("; "));
    }
}
