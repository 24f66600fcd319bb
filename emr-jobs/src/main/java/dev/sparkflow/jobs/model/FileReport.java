package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ingest learned about one landed file; serialised into the run's JSON report.
 * Invariant: {@code rowsRead == rowsValid + rowsQuarantined}; structural lines (preamble, header,
 * blank, summary footer) are counted apart in {@code linesSkipped}, and NUL bytes padding the end of a text
 * file, which are no line at all, in {@code nulPaddingBytes}.
 */
public record FileReport(String sourceFile, String dataset, String sha256, long bytes, String status,
                         String fileReason, String duplicateOf, String encoding, boolean bom, Layout layout,
                         String accountId, int linesTotal, Map<String, Integer> linesSkipped, int rowsRead,
                         int rowsValid, int rowsQuarantined, Map<String, Integer> quarantinedByReason,
                         List<String> months, int nulPaddingBytes) implements Serializable {

    public static final String INGESTED = "ingested", REJECTED = "rejected", DUPLICATE = "duplicate";

    /** How the file's layout was decided: a named profile, inference (with what was inferred), or OFX. */
    public record Layout(String kind, String name, Map<String, String> details) implements Serializable {
        public static final Layout NONE = new Layout("none", null, Map.of());
    }

    public FileReport {
        linesSkipped = new TreeMap<>(linesSkipped);
        quarantinedByReason = new TreeMap<>(quarantinedByReason);
        months = List.copyOf(months);
    }

    /** The report of a file without NUL padding. */
    public FileReport(String sourceFile, String dataset, String sha256, long bytes, String status, String fileReason,
                      String duplicateOf, String encoding, boolean bom, Layout layout, String accountId, int linesTotal,
                      Map<String, Integer> linesSkipped, int rowsRead, int rowsValid, int rowsQuarantined,
                      Map<String, Integer> quarantinedByReason, List<String> months) {
        this(sourceFile, dataset, sha256, bytes, status, fileReason, duplicateOf, encoding, bom, layout, accountId,
                linesTotal, linesSkipped, rowsRead, rowsValid, rowsQuarantined, quarantinedByReason, months, 0);
    }

    /** The conservation invariant for this file. */
    public boolean conserves() {
        int byReason = quarantinedByReason.values().stream().mapToInt(Integer::intValue).sum();
        return rowsRead == rowsValid + rowsQuarantined && byReason == rowsQuarantined;
    }

    /** A landed file rejected before parsing (e.g. outside any dataset folder): archived, not parsed. */
    public static FileReport rejected(String sourceFile, String sha256, long bytes, ReasonCode reason) {
        return new FileReport(sourceFile, null, sha256, bytes, REJECTED, reason.name(), null, null, false, Layout.NONE,
                null, 0, Map.of(), 0, 0, 0, Map.of(), List.of());
    }

    /** A landed file whose content was already ingested: archived, not parsed, not counted. */
    public static FileReport duplicate(String sourceFile, String dataset, String sha256, long bytes, String of) {
        return new FileReport(sourceFile, dataset, sha256, bytes, DUPLICATE, null, of, null, false, Layout.NONE,
                null, 0, Map.of(), 0, 0, 0, Map.of(), List.of());
    }
}
