package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.model.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSummaryTest {
    private static FileReport parsed(String file, int valid, int quarantined) {
        return new FileReport(file, "transactions", "sha", 10, FileReport.statusOf(valid, quarantined), null, null,
                null, "UTF-8", false, new FileReport.Layout("inferred", null, Map.of()), "savings",
                valid + quarantined, Map.of(), valid + quarantined, valid, quarantined,
                quarantined == 0 ? Map.of() : Map.of("INVALID_DATE", quarantined), List.of("2025-01"));
    }

    @Test
    void the_summary_shows_each_file_status_and_ends_with_the_files_rejected_whole() {
        List<FileReport> files = List.of(parsed("transactions/clean.csv", 3, 0), parsed("transactions/mixed.csv", 3, 1),
                parsed("transactions/bad.csv", 0, 2), FileReport.rejected("transactions/deep.ofx", "transactions", "sha",
                        10, ReasonCode.NESTING_TOO_DEEP, "aggregates nest more than 64 deep from line 9", 70));
        IngestReport ingest = new IngestReport("b1", "2026-11-21", "/lake", files, List.of(), IngestReport.totalsOf(files));
        CurateReport curate = new CurateReport("b1", Map.of("transactions",
                new CurateReport.DatasetOutcome(6, 0, 0, 6, 0, List.of("2025-01"), Map.of("groceries", 6L))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoSummary.print(new PrintStream(out, true, StandardCharsets.UTF_8), TestConfig.get().lake(), Path.of("/lake"),
                ingest, curate);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(row(lines, "transactions/clean.csv").endsWith("  ingested"), row(lines, "transactions/clean.csv"));
        assertTrue(lines.contains("  quarantine    /lake/quarantine/transactions/ingest_date=2026-11-21/batch_id=b1"), lines::toString);
        assertTrue(lines.contains("  curated       /lake/curated/transactions/year=<y>/month=<m>"), lines::toString);
        assertTrue(lines.contains("  reports       /lake/reports/ingest/b1.json"), lines::toString);
        assertTrue(row(lines, "transactions/mixed.csv").endsWith("  partly"), row(lines, "transactions/mixed.csv"));
        assertTrue(row(lines, "transactions/bad.csv").endsWith("  rejected: every row quarantined"));
        assertTrue(row(lines, "transactions/deep.ofx").endsWith("  rejected: NESTING_TOO_DEEP"));
        assertEquals("rejected whole: 2 files: transactions/bad.csv (every row quarantined: INVALID_DATE 2); "
                + "transactions/deep.ofx (NESTING_TOO_DEEP: aggregates nest more than 64 deep from line 9)",
                lines.get(lines.size() - 1));
    }

    @Test
    void the_cross_format_matches_are_counted_by_rule_most_first_in_two_lines() {
        CurateReport.Side a = new CurateReport.Side("id1", "b1", "transactions/a.csv", 3);
        CurateReport.Side b = new CurateReport.Side("id2", "b1", "transactions/b.ofx", 9);
        List<CurateReport.CrossFormatMatch> matches = List.of(new CurateReport.CrossFormatMatch("same_day", "same date", a, b),
                new CurateReport.CrossFormatMatch("same_day_same_counterparty", "x", a, b),
                new CurateReport.CrossFormatMatch("same_day_same_counterparty", "y", a, b));
        CurateReport.DatasetOutcome tx = new CurateReport.DatasetOutcome(9, 0, 3, 6, 0, List.of("2025-01"), Map.of(),
                Map.of(), matches, CurateReport.byRule(matches));
        assertEquals("Matched across formats: 3 rows dropped as another file's row of a transaction kept once\n"
                + "  by rule: same_day_same_counterparty 2, same_day 1 (each pair in the curate report)",
                DemoSummary.crossFormatLine(tx).replace(System.lineSeparator(), "\n"));
        assertEquals("Matched across formats: none", DemoSummary.crossFormatLine(
                new CurateReport.DatasetOutcome(6, 0, 0, 6, 0, List.of("2025-01"), Map.of())));
    }

    private static String row(List<String> lines, String file) {
        return lines.stream().filter(l -> l.startsWith(file + " ")).findFirst().orElseThrow();
    }
}
