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
 * The overlap corpus ({@code src/test/resources/overlaps/}, its README says what each file shows): a current account's
 * June in five exports of four formats and a credit card's in a CSV and a QFX, landed together or batch by batch in
 * either order, curates to the ledger of {@code expected.csv}, true repeats kept, and the curate report names why each
 * dropped row was matched.
 */
@ExtendWith(LocalSpark.class)
class OverlapCorpusTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test");
    private static final String CSV = "hausbank-umsaetze-20250601-20250630.csv",
            REDOWNLOAD = "hausbank-umsaetze-20250601-20250630 (1).csv",
            CAMT = "camt053_DE44500105175407324931_2025-06.xml", MT940 = "MT940_20250615.sta",
            OFX = "umsaetze_5407324931_20250710.ofx", CARD_CSV = "cardco-transactions-2025-06.csv",
            CARD_QFX = "cardco-2025-06.qfx";

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

    /** expected.csv's rows: account, date, posting date (card rows), amount, count, what. */
    private static List<String[]> expected() throws IOException {
        try (Stream<String> lines = Files.lines(corpus().resolve("expected.csv"))) {
            return lines.skip(1).map(l -> l.split(",", 6)).toList();
        }
    }

    private static String key(String account, String date, BigDecimal amount) {
        return account + "," + date + "," + amount.setScale(2);
    }

    /** expected.csv as "account,date,amount" -> how many transactions the account really had. */
    private static Map<String, Long> ledger() throws IOException {
        Map<String, Long> ledger = new TreeMap<>();
        for (String[] f : expected()) ledger.put(key(f[0], f[1], new BigDecimal(f[3])), Long.parseLong(f[4]));
        return ledger;
    }

    /**
     * What curated/ holds, as "account,date,amount" -> rows; a card row kept from the QFX carries the posting date,
     * the CSV's the purchase date: either is the transaction of expected.csv's purchase date.
     */
    private Map<String, Long> curated() throws IOException {
        Map<String, String> purchaseDate = new TreeMap<>();
        for (String[] f : expected()) {
            if (!f[2].isEmpty()) purchaseDate.put(key(f[0], f[2], new BigDecimal(f[3])), f[1]);
        }
        Map<String, Long> rows = new TreeMap<>();
        for (Row r : LocalSpark.spark().read().parquet(lake.resolve("curated/transactions").toString()).collectAsList()) {
            String account = r.getAs("account_id");
            BigDecimal amount = r.getAs("amount");
            String date = r.getAs("booking_date").toString();
            rows.merge(key(account, purchaseDate.getOrDefault(key(account, date, amount), date), amount), 1L, Long::sum);
        }
        return rows;
    }

    private static void assertEveryFileReadWhole(Batch b) {
        for (FileReport f : b.ingest().files()) {
            assertEquals(0, f.rowsQuarantined(), f.sourceFile() + " " + f.quarantinedByReason());
            if (!f.sourceFile().contains("cardco")) assertEquals("main-checking", f.accountId(), f.sourceFile());
        }
    }

    @Test
    void five_overlapping_exports_landed_together_curate_to_the_ledger_and_say_why_each_row_was_matched() throws IOException {
        Batch b = batch("b1", CSV, REDOWNLOAD, CAMT, MT940, OFX, CARD_CSV, CARD_QFX);
        assertEveryFileReadWhole(b);
        Map<String, Long> ledger = ledger();
        assertEquals(ledger, curated());
        assertEquals(2, ledger.get("main-checking,2025-06-05,-3.20"), "two coffees on one day in every file stay two");
        CurateReport.DatasetOutcome t = b.transactions();
        long unique = ledger.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(unique, t.rowsAfter());
        assertEquals(t.rowsNew() - unique, t.duplicatesDropped());
        assertTrue(t.conserves());
        // The re-download's unchanged rows share the first download's ids; every other repeat is a cross-format match.
        assertTrue(t.crossFormatMatches().size() < t.duplicatesDropped() && t.crossFormatMatches().size() >= 30,
                t.crossFormatMatches().size() + " matches of " + t.duplicatesDropped() + " duplicates");
        assertEquals(CurateReport.byRule(t.crossFormatMatches()), t.crossFormatByRule());
        for (String rule : List.of("same_end_to_end_id", "same_counterparty_iban", "same_day_same_counterparty", "same_day",
                "posting_day_same_counterparty")) {
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
        // The card CSV dates a purchase, the QFX its posting: the CSV's second date bridges them.
        assertTrue(t.crossFormatMatches().stream().anyMatch(m -> m.why().equals("booked 2025-06-20 with second date "
                + "2025-06-23 = booked 2025-06-23, same amount, currency; counterparty 'lufthansa'")), t.crossFormatMatches().toString());
        // What the report on disk says is what curate returned.
        String json = Files.readString(lake.resolve("reports/curate/b1.json"));
        assertTrue(json.contains("\"cross_format_by_rule\" : {"), json);
        assertTrue(json.contains("\"why\" : \"same date, amount, currency; end_to_end_id 'GEH-2506-1042'\""), json);
    }

    @Test
    void batch_by_batch_in_either_order_the_account_ends_with_the_same_ledger() throws IOException {
        Batch first = batch("b1", CSV, CARD_CSV);
        assertEquals(0, first.transactions().crossFormatMatches().size());
        Batch statements = batch("b2", CAMT, MT940);
        assertFalse(statements.transactions().crossFormatMatches().isEmpty());
        assertTrue(statements.transactions().crossFormatMatches().stream()
                .allMatch(m -> m.kept().batchId().equals("b1") || m.kept().sourceFile().endsWith(MT940)),
                "rows curated before win over this batch's");
        batch("b3", OFX, CARD_QFX);
        Batch last = batch("b4", REDOWNLOAD);
        assertTrue(last.transactions().conserves());
        assertEquals(ledger(), curated());
    }

    @Test
    void the_newest_export_first_and_the_oldest_last_gives_the_same_ledger() throws IOException {
        batch("b1", REDOWNLOAD, CARD_QFX);
        batch("b2", OFX);
        batch("b3", MT940);
        batch("b4", CAMT);
        Batch last = batch("b5", CSV, CARD_CSV);
        assertEquals(ledger(), curated());
        assertEquals(last.transactions().rowsNew(), last.transactions().duplicatesDropped(), "the first download adds nothing");
    }
}
