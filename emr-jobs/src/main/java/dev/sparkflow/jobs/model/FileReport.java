package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What ingest learned about one landed file; serialised into the run's JSON report.
 * Invariants ({@link #conserves}): {@code rowsRead == rowsValid + rowsQuarantined}, and every line of the file is
 * accounted for, {@code linesTotal == sum(linesSkipped) + rowsValid + rowsQuarantined}. Skipped lines are counted by
 * kind: preamble, header, blank, footer; OFX {@code markup} (a STMTTRN is one row on its first line, every other
 * line of the document is markup; a line on which several STMTTRN start counts once per transaction); and the
 * lines of a file no reader took rows from ({@code rejected_file}) or whose content was ingested before
 * ({@code duplicate}), counted on its bytes. NUL bytes padding the end of a text file, which are no line at all,
 * are counted in {@code nulPaddingBytes}. The valid rows of a statement can belong to several datasets (its entries to
 * transactions, its closing balances to balances, an investment statement's positions to holdings):
 * {@code rowsValidByDataset} splits {@code rowsValid} by dataset, and {@code months} covers them all.
 */
public record FileReport(String sourceFile, String dataset, String sha256, long bytes, String status,
                         String fileReason, String fileDetail, String duplicateOf, String encoding, boolean bom,
                         Layout layout, String accountId, int linesTotal, Map<String, Integer> linesSkipped,
                         int rowsRead, int rowsValid, int rowsQuarantined, Map<String, Integer> quarantinedByReason,
                         List<String> months, int nulPaddingBytes, Map<String, Integer> rowsValidByDataset)
        implements Serializable {

    /** Every data row valid. */
    public static final String INGESTED = "ingested";
    /** Some rows valid, some quarantined. */
    public static final String PARTLY = "partly";
    /** No valid row: the file failed as a whole, or every row was quarantined. */
    public static final String REJECTED = "rejected";
    /** Its content was ingested before: archived, not parsed. */
    public static final String DUPLICATE = "duplicate";

    /** The layout detail naming the accounts a file named that config/ does not list: {@code id=CUR,id2=CUR}. */
    public static final String INFERRED_ACCOUNTS = "inferred_accounts";

    /** Skipped-line kinds named outside the CSV reader. */
    public static final String SKIPPED_MARKUP = "markup", SKIPPED_REJECTED_FILE = "rejected_file",
            SKIPPED_DUPLICATE = "duplicate";

    /** How the file's layout was decided: a named profile, inference (with what was inferred), or OFX. */
    public record Layout(String kind, String name, Map<String, String> details) implements Serializable {
        public static final Layout NONE = new Layout("none", null, Map.of());
    }

    public FileReport {
        fileDetail = Clip.detail(fileDetail);
        linesSkipped = new TreeMap<>(linesSkipped);
        quarantinedByReason = new TreeMap<>(quarantinedByReason);
        months = List.copyOf(months);
        // Reports written before rows were split by dataset held rows of their folder's dataset only.
        rowsValidByDataset = rowsValidByDataset != null ? new TreeMap<>(rowsValidByDataset)
                : rowsValid == 0 || dataset == null ? Map.of() : Map.of(dataset, rowsValid);
        if (rowsValidByDataset.values().stream().mapToInt(Integer::intValue).sum() != rowsValid) {
            throw new IllegalArgumentException(sourceFile + ": rows by dataset " + rowsValidByDataset
                    + " do not add up to " + rowsValid + " valid rows");
        }
    }

    /** The report of a file whose valid rows all belong to the dataset of its folder. */
    public FileReport(String sourceFile, String dataset, String sha256, long bytes, String status, String fileReason,
                      String fileDetail, String duplicateOf, String encoding, boolean bom, Layout layout,
                      String accountId, int linesTotal, Map<String, Integer> linesSkipped, int rowsRead, int rowsValid,
                      int rowsQuarantined, Map<String, Integer> quarantinedByReason, List<String> months,
                      int nulPaddingBytes) {
        this(sourceFile, dataset, sha256, bytes, status, fileReason, fileDetail, duplicateOf, encoding, bom, layout,
                accountId, linesTotal, linesSkipped, rowsRead, rowsValid, rowsQuarantined, quarantinedByReason, months,
                nulPaddingBytes, null);
    }

    /** The report of a file without NUL padding. */
    public FileReport(String sourceFile, String dataset, String sha256, long bytes, String status, String fileReason,
                      String fileDetail, String duplicateOf, String encoding, boolean bom, Layout layout,
                      String accountId, int linesTotal, Map<String, Integer> linesSkipped, int rowsRead, int rowsValid,
                      int rowsQuarantined, Map<String, Integer> quarantinedByReason, List<String> months) {
        this(sourceFile, dataset, sha256, bytes, status, fileReason, fileDetail, duplicateOf, encoding, bom, layout,
                accountId, linesTotal, linesSkipped, rowsRead, rowsValid, rowsQuarantined, quarantinedByReason, months, 0);
    }

    /** The status of a parsed file, decided here and nowhere else: no valid row is never "ingested". */
    public static String statusOf(int rowsValid, int rowsQuarantined) {
        if (rowsValid == 0) return REJECTED;
        return rowsQuarantined == 0 ? INGESTED : PARTLY;
    }

    /** The conservation invariants for this file: rows, reasons and lines all add up. */
    public boolean conserves() {
        int byReason = quarantinedByReason.values().stream().mapToInt(Integer::intValue).sum();
        int skipped = linesSkipped.values().stream().mapToInt(Integer::intValue).sum();
        return rowsRead == rowsValid + rowsQuarantined && byReason == rowsQuarantined
                && linesTotal == skipped + rowsValid + rowsQuarantined;
    }

    /** Whether the batch took rows of this file in, so that landing the same bytes again is a duplicate. */
    public boolean tookIn() {
        return INGESTED.equals(status) || PARTLY.equals(status);
    }

    /** Why a rejected file was rejected whole, on one line: its file reason and detail, or its rows' reasons. */
    public String rejectedBecause() {
        if (fileReason != null) {
            return fileDetail == null ? fileReason : fileReason + ": " + fileDetail.replaceAll("\\s+", " ").strip();
        }
        if (rowsQuarantined == 0) return "no data rows";
        return "every row quarantined: " + quarantinedByReason.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * A landed file rejected before any reader took rows from it (outside any dataset folder, over the size limit,
     * not text, or its reader failed): archived, its {@code lines} counted as {@code rejected_file}.
     */
    public static FileReport rejected(String sourceFile, String dataset, String sha256, long bytes, ReasonCode reason,
                                      String detail, int lines) {
        return new FileReport(sourceFile, dataset, sha256, bytes, REJECTED, reason.name(), detail, null, null, false,
                Layout.NONE, null, lines, lines == 0 ? Map.of() : Map.of(SKIPPED_REJECTED_FILE, lines), 0, 0, 0,
                Map.of(), List.of());
    }

    /** A landed file whose content was already ingested: archived, not parsed, its lines counted as duplicate. */
    public static FileReport duplicate(String sourceFile, String dataset, String sha256, long bytes, String of,
                                       int lines) {
        return new FileReport(sourceFile, dataset, sha256, bytes, DUPLICATE, null, null, of, null, false, Layout.NONE,
                null, lines, lines == 0 ? Map.of() : Map.of(SKIPPED_DUPLICATE, lines), 0, 0, 0, Map.of(), List.of());
    }
}
