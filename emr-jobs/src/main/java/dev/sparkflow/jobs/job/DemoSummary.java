package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.lake.LakeLayout;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The readable end of {@code make demo}: files, quarantine reasons, what curate wrote, where it all is, and last
 * the files rejected whole.
 */
final class DemoSummary {
    /** Ignored objects listed by name; the report has the rest. */
    private static final int IGNORED_SHOWN = 10;

    private DemoSummary() {
    }

    static void print(PrintStream out, LakeLayout layout, Path lake, IngestReport ingest, CurateReport curate) {
        out.println();
        out.printf(Locale.ROOT, "Batch %s, ingested %s%n%n", ingest.batchId(), ingest.ingestDate());
        out.printf(Locale.ROOT, "%-44s %-22s %-14s %6s %6s %6s  %s%n", "file", "layout", "account", "read", "valid",
                "quar.", "status");
        for (FileReport f : ingest.files()) {
            out.printf(Locale.ROOT, "%-44s %-22s %-14s %6d %6d %6d  %s%n", shorten(f.sourceFile(), 44), layout(f),
                    f.accountId() == null ? "-" : f.accountId(), f.rowsRead(), f.rowsValid(), f.rowsQuarantined(),
                    status(f));
        }
        printIgnored(out, ingest.ignored());
        Map<String, Long> t = ingest.totals();
        out.printf(Locale.ROOT, "%nRows: %,d read = %,d valid + %,d quarantined%n", t.getOrDefault("rows_read", 0L),
                t.getOrDefault("rows_valid", 0L), t.getOrDefault("rows_quarantined", 0L));
        Map<String, Long> reasons = new TreeMap<>();
        t.forEach((k, v) -> {
            if (k.startsWith("quarantined.")) reasons.put(k.substring("quarantined.".length()), v);
        });
        if (!reasons.isEmpty()) {
            out.println("Quarantined by reason:");
            reasons.forEach((code, n) -> out.printf(Locale.ROOT, "  %-28s %5d  %s%n", code, n,
                    ReasonCode.valueOf(code).description()));
        }
        out.println();
        curate.datasets().forEach((dataset, o) -> {
            List<String> months = o.monthsWritten();
            out.printf(Locale.ROOT, "Curated %-12s %,7d rows in %d months (%s .. %s); %,d new, %,d duplicates dropped",
                    dataset, o.rowsAfter(), months.size(), months.get(0), months.get(months.size() - 1), o.rowsNew(),
                    o.duplicatesDropped());
            out.println(dataset.equals("transactions") ? String.format(Locale.ROOT, ", %,d transfer legs", o.transfers()) : "");
        });
        CurateReport.DatasetOutcome tx = curate.datasets().get("transactions");
        if (tx != null) {
            out.println("Transactions by category: " + tx.rowsByCategory());
            out.println(crossFormatLine(tx));
        }
        out.println();
        out.println("Where everything is:");
        String root = lake.toString();
        LocalDate day = LocalDate.parse(ingest.ingestDate());
        for (String dataset : ingest.files().stream().map(FileReport::dataset).filter(Objects::nonNull).distinct().sorted().toList()) {
            out.println("  raw archive   " + layout.batchPath(root, LakeLayout.RAW, dataset, day, ingest.batchId()));
            out.println("  quarantine    " + layout.batchPath(root, LakeLayout.QUARANTINE, dataset, day, ingest.batchId()));
        }
        curate.datasets().keySet().stream().sorted().forEach(dataset ->
                out.println("  curated       " + layout.curatedMonthPath(root, dataset, "<y>", "<m>")));
        out.println("  reports       " + layout.reportPath(root, LakeLayout.INGEST, ingest.batchId()));
        out.println("                " + layout.reportPath(root, LakeLayout.CURATE, ingest.batchId()));
        out.println();
        out.println(ingest.rejectedLine());
    }

    /** The rows dropped as another file's row of the same transaction, per rule (the report lists each pair). */
    static String crossFormatLine(CurateReport.DatasetOutcome tx) {
        if (tx.crossFormatMatches().isEmpty()) return "Matched across formats: none";
        StringBuilder rules = new StringBuilder();
        tx.crossFormatByRule().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> rules.append(rules.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
        return String.format(Locale.ROOT, "Matched across formats: %,d rows dropped as another file's row of a transaction "
                + "kept once%n  by rule: %s (each pair in the curate report)", tx.crossFormatMatches().size(), rules);
    }

    /** How many landed objects were left alone as not data, and the first few of them with the entry they matched. */
    static void printIgnored(PrintStream out, List<IngestReport.Ignored> ignored) {
        if (ignored.isEmpty()) return;
        out.printf(Locale.ROOT, "%nIgnored %d landed %s that %s not data (lake.yml ignored_files), left in landing/:%n",
                ignored.size(), ignored.size() == 1 ? "file" : "files", ignored.size() == 1 ? "is" : "are");
        ignored.stream().limit(IGNORED_SHOWN).forEach(i -> out.printf(Locale.ROOT, "  %-44s %s%n",
                shorten(i.path(), 44), i.rule()));
        if (ignored.size() > IGNORED_SHOWN) {
            out.printf(Locale.ROOT, "  … and %d more (reports/ingest/<batch>.json lists them all)%n",
                    ignored.size() - IGNORED_SHOWN);
        }
    }

    private static String layout(FileReport f) {
        if (f.layout() == null || f.layout().kind().equals("none")) return "-";
        return f.layout().name() == null ? f.layout().kind() : f.layout().name();
    }

    private static String status(FileReport f) {
        return switch (f.status()) {
            case FileReport.REJECTED -> "rejected: " + (f.fileReason() == null ? "every row quarantined" : f.fileReason());
            case FileReport.DUPLICATE -> "already ingested (" + f.duplicateOf() + ")";
            default -> f.status();
        };
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }
}
