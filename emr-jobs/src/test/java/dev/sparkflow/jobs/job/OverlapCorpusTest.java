package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overlap corpus ({@code src/test/resources/overlaps/}, its README says what each file shows): one account's June
 * in five exports of three formats, landed together or batch by batch in either order, curates to the ledger of
 * {@code expected.csv}, true repeats kept, and the curate report names why each dropped row was matched.
 */
@ExtendWith(LocalSpark.class)
class OverlapCorpusTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test");
    private static final String CSV = "hausbank-umsaetze-20250601-20250630.csv",
            REDOWNLOAD = "hausbank-umsaetze-20250601-20250630 (1).csv",
            CAMT = "camt053_DE44500105175407324931_2025-06.xml", MT940 = "MT940_20250615.sta",
            OFX = "umsaetze_5407324931_20250710.ofx";

    @TempDir
    Path lake;

    /** Lands {@code files} of the corpus, runs ingest + curate as batch {@code batchId}, clears landing/. */
    private Batch batch(String batchId, String... files) {
        Path landing = lake.resolve("landing/transactions");
        try {
            Files.createDirectories(landing);
            for (String f : files) Files.copy(corpus().resolve("exports").resolve(f), landing.resolve(f));
            try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                    .run(new IngestJob.Options(lake.toUri().toString(), batchId, LakeFixture.INGEST_DATE, false))) {
                CurateReport curate = new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                        .run(lake.toUri().toString(), ingested);
                for (String f : files) Files.delete(landing.resolve(f));
                return new Batch(ingested.report(), curate.datasets().get("transactions"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Batch(IngestReport ingest, CurateReport.DatasetOutcome transactions) {
    }

    private static Path corpus() {
        try {
            return Path.of(OverlapCorpusTest.class.getResource("/overlaps").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** expected.csv: "date,amount" -> how many transactions the account really had. */
    private static Map<String, Long> ledger() throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        try (Stream<String> lines = Files.lines(corpus().resolve("expected.csv"))) {
            lines.skip(1).forEach(l -> {
                String[] f = l.split(",", 4);
                expected.put(f[0] + "," + new BigDecimal(f[1]).setScale(2), Long.parseLong(f[2]));
            });
        }
        return expected;
    }

    /** What curated/ holds of the account, as "date,amount" -> rows. */
    private Map<String, Long> curated() {
        Map<String, Long> rows = new TreeMap<>();
        for (Row r : LocalSpark.spark().read().parquet(lake.resolve("curated/transactions").toString())
                .where("account_id = 'main-checking'").collectAsList()) {
            rows.merge(r.getAs("booking_date").toString() + "," + r.<BigDecimal>getAs("amount").setScale(2), 1L, Long::sum);
        }
        return rows;
    }

    private static void assertEveryFileReadWhole(Batch b) {
        for (FileReport f : b.ingest().files()) {
            assertEquals(0, f.rowsQuarantined(), f.sourceFile() + " " + f.quarantinedByReason());
            assertEquals("main-checking", f.accountId(), f.sourceFile());
        }
    }

    @Test
    void five_overlapping_exports_landed_together_curate_to_the_ledger_and_say_why_each_row_was_matched() throws IOException {
        Batch b = batch("b1", CSV, REDOWNLOAD, CAMT, MT940, OFX);
        assertEveryFileReadWhole(b);
        Map<String, Long> ledger = ledger();
        assertEquals(ledger, curated());
        assertEquals(2, ledger.get("2025-06-05,-3.20"), "two coffees on one day in every file stay two");
        CurateReport.DatasetOutcome t = b.transactions();
        long unique = ledger.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(unique, t.rowsAfter());
        assertEquals(t.rowsNew() - unique, t.duplicatesDropped());
        assertTrue(t.conserves());
        // The re-download's unchanged rows share the first download's ids; every other repeat is a cross-format match.
        assertTrue(t.crossFormatMatches().size() < t.duplicatesDropped() && t.crossFormatMatches().size() >= 30,
                t.crossFormatMatches().size() + " matches of " + t.duplicatesDropped() + " duplicates");
        assertEquals(CurateReport.byRule(t.crossFormatMatches()), t.crossFormatByRule());
        for (String rule : List.of("same_end_to_end_id", "same_counterparty_iban", "same_day_same_counterparty", "same_day")) {
            assertTrue(t.crossFormatByRule().containsKey(rule), rule + " in " + t.crossFormatByRule());
        }
        for (CurateReport.CrossFormatMatch m : t.crossFormatMatches()) {
            assertNotEquals(m.kept().sourceFile(), m.dropped().sourceFile(), m.toString());
            assertTrue(m.kept().sourceFile().compareTo(m.dropped().sourceFile()) < 0, "the earlier file is kept: " + m);
        }
        // The CAMT names the payments' end-to-end ids, the MT940 too: the salary matches on it.
        assertTrue(t.crossFormatMatches().stream().anyMatch(m -> m.why().endsWith("end_to_end_id 'GEH-2506-1042'")
                && m.kept().sourceFile().endsWith(MT940) && m.dropped().sourceFile().endsWith(CAMT)), t.crossFormatMatches().toString());
        // Two transfers of 50.00 on one day pair by their counterparty, never crosswise.
        List<String> fifty = new ArrayList<>();
        for (CurateReport.CrossFormatMatch m : t.crossFormatMatches()) {
            if (m.dropped().sourceFile().endsWith(OFX) && m.why().startsWith("same date") && m.why().contains("'tobias'")) fifty.add("tobias");
            if (m.dropped().sourceFile().endsWith(OFX) && m.why().startsWith("same date") && m.why().contains("'jana'")) fifty.add("jana");
        }
        assertEquals(List.of("jana", "tobias"), fifty.stream().sorted().toList());
    }

    @Test
    void batch_by_batch_in_either_order_the_account_ends_with_the_same_ledger() throws IOException {
        Batch first = batch("b1", CSV);
        assertEquals(0, first.transactions().crossFormatMatches().size());
        Batch statements = batch("b2", CAMT, MT940);
        assertFalse(statements.transactions().crossFormatMatches().isEmpty());
        assertTrue(statements.transactions().crossFormatMatches().stream()
                .allMatch(m -> m.kept().batchId().equals("b1") || m.kept().sourceFile().endsWith(MT940)),
                "rows curated before win over this batch's");
        batch("b3", OFX);
        Batch last = batch("b4", REDOWNLOAD);
        assertTrue(last.transactions().conserves());
        assertEquals(ledger(), curated());
    }

    @Test
    void the_newest_export_first_and_the_oldest_last_gives_the_same_ledger() throws IOException {
        batch("b1", REDOWNLOAD);
        batch("b2", OFX);
        batch("b3", MT940);
        batch("b4", CAMT);
        Batch last = batch("b5", CSV);
        assertEquals(ledger(), curated());
        assertEquals(last.transactions().rowsNew(), last.transactions().duplicatesDropped(), "the first download adds nothing");
    }
}
