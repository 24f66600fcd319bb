package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.parse.FileParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalSpark.class)
class IngestCurateJobTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test");

    @TempDir
    Path lake;

    /** Ingest as a step of its own: valid rows go to validated/ for a later curate step. */
    private IngestReport ingest(String batchId) {
        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                .run(new IngestJob.Options(lake.toUri().toString(), batchId, LakeFixture.INGEST_DATE, true))) {
            return ingested.report();
        }
    }

    /** Ingest and curate in one application, valid rows handed on in memory (what make demo and EMR run). */
    private CurateReport run(String batchId) {
        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                .run(new IngestJob.Options(lake.toUri().toString(), batchId, LakeFixture.INGEST_DATE, false))) {
            return new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET).run(lake.toUri().toString(), ingested);
        }
    }

    private CurateReport curate(String batchId) {
        return new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET).run(lake.toUri().toString(), batchId);
    }

    private Dataset<Row> curated(String dataset) {
        return LocalSpark.spark().read().parquet(lake.resolve("curated/" + dataset).toString());
    }

    private static List<String> sorted(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void every_file_conserves_its_rows_and_rejects_land_in_quarantine_with_line_and_text() throws Exception {
        LakeFixture.land(lake);
        IngestReport report = ingest("b1");
        Map<String, FileReport> byFile = report.files().stream()
                .collect(Collectors.toMap(FileReport::sourceFile, f -> f));
        assertEquals(5, byFile.size());
        byFile.values().forEach(f -> assertTrue(f.conserves(), f.sourceFile()));
        FileReport jan = byFile.get("transactions/savings/savings-2025-01.csv");
        assertEquals(7, jan.rowsRead());
        assertEquals(Map.of("IMPOSSIBLE_DATE", 1), jan.quarantinedByReason());
        assertEquals("inferred", jan.layout().kind());
        FileReport checking = byFile.get("transactions/hausbank-2025-01.csv");
        assertEquals("hausbank-giro", checking.layout().name());
        assertEquals("main-checking", checking.accountId());
        assertEquals(3, checking.rowsValid());
        assertEquals(1, checking.linesSkipped().get("footer"));

        List<Row> quarantined = LocalSpark.spark().read()
                .parquet(lake.resolve("quarantine/transactions/ingest_date=2026-11-21/batch_id=b1").toString()).collectAsList();
        assertEquals(1, quarantined.size());
        assertEquals(6, (int) quarantined.get(0).<Integer>getAs("line_number"));
        assertEquals("b1", quarantined.get(0).getAs("batch_id"));
        assertEquals("2025-02-30,Broken row,-1.00,EUR", quarantined.get(0).getAs("raw_text"));
        assertTrue(Files.exists(lake.resolve("raw/transactions/ingest_date=2026-11-21/batch_id=b1/hausbank-2025-01.csv")));
        assertTrue(Files.exists(lake.resolve("reports/ingest/b1.json")));
        List<String> fileLines = Files.readAllLines(lake.resolve("reports/ingest_files/ingest_date=2026-11-21/b1.jsonl"));
        assertEquals(5, fileLines.size());
        assertTrue(fileLines.stream().allMatch(l -> l.startsWith("{\"batch_id\":\"b1\",\"source_file\":")), fileLines.get(0));
    }

    /** Source files the parser was handed, across Spark's task threads (local mode: one JVM). */
    private static final Set<String> PARSED = ConcurrentHashMap.newKeySet();

    /** The production parser, except that three file names make it fail as a parser bug would, for real. */
    private static final GuardedParse.Parsing FAILING_FOR_SOME_FILES = (parser, input) -> {
        PARSED.add(input.sourceFile());
        String name = input.sourceFile();
        if (name.endsWith("throws.csv")) throw new IllegalStateException("parser bug in " + name);
        if (name.endsWith("recurses.csv")) return recurse(0) > 0 ? parser.parse(input) : null;
        if (name.endsWith("exhausts.csv")) return new long[Integer.MAX_VALUE - 8].length > 0 ? parser.parse(input) : null;
        return parser.parse(input);
    };

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void files_that_break_their_reader_are_rejected_alone_and_the_batch_goes_on() throws Exception {
        LakeFixture.write(lake, "landing/transactions/savings/good.csv", LakeFixture.SAVINGS_FEB_MAR, StandardCharsets.UTF_8);
        LakeFixture.write(lake, "landing/budgets/budgets-2025.csv", LakeFixture.BUDGETS, StandardCharsets.UTF_8);
        LakeFixture.write(lake, "landing/transactions/deep.ofx", "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>\n"
                + "<A>\n".repeat(4000) + "</A>".repeat(4000) + "</OFX>\n", StandardCharsets.UTF_8);
        for (String name : List.of("throws", "recurses", "exhausts")) {
            LakeFixture.write(lake, "landing/transactions/savings/" + name + ".csv",
                    "Date,Description,Amount\n2025-03-01," + name + ",-1.00\n", StandardCharsets.UTF_8);
        }
        LakeFixture.write(lake, "landing/transactions/savings/export.csv.gz", "\u001F\u008B\u0008broken",
                StandardCharsets.ISO_8859_1);
        Path big = lake.resolve("landing/transactions/big.csv");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(FileParser.MAX_FILE_BYTES + 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), "ingest");
        PARSED.clear();

        IngestReport report;
        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), progress,
                FAILING_FOR_SOME_FILES).run(new IngestJob.Options(lake.toUri().toString(), "b1", LakeFixture.INGEST_DATE,
                false))) {
            report = ingested.report();
            new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET).run(lake.toUri().toString(), ingested);
        }

        Map<String, FileReport> byFile = report.files().stream().collect(Collectors.toMap(FileReport::sourceFile, f -> f));
        assertEquals(8, byFile.size(), "every landed file is reported, so the DAG clears it from landing/");
        byFile.values().forEach(f -> assertTrue(f.conserves(), f.toString()));
        assertEquals(FileReport.INGESTED, byFile.get("transactions/savings/good.csv").status());
        assertEquals(FileReport.INGESTED, byFile.get("budgets/budgets-2025.csv").status());
        assertEquals(3, curated("transactions").where(col("account_id").equalTo("savings")).count());
        assertEquals(3, curated("budgets").count());

        Map<String, String> reasons = new TreeMap<>();
        byFile.values().stream().filter(f -> f.status().equals(FileReport.REJECTED))
                .forEach(f -> reasons.put(f.sourceFile(), f.fileReason()));
        assertEquals(Map.of("transactions/deep.ofx", "NESTING_TOO_DEEP", "transactions/big.csv", "FILE_TOO_LARGE",
                "transactions/savings/export.csv.gz", "UNSUPPORTED_FORMAT",
                "transactions/savings/throws.csv", "FILE_UNREADABLE", "transactions/savings/recurses.csv", "FILE_UNREADABLE",
                "transactions/savings/exhausts.csv", "FILE_UNREADABLE"), reasons);
        assertEquals("java.lang.IllegalStateException: parser bug in transactions/savings/throws.csv",
                byFile.get("transactions/savings/throws.csv").fileDetail());
        assertEquals("java.lang.StackOverflowError", byFile.get("transactions/savings/recurses.csv").fileDetail());
        assertTrue(byFile.get("transactions/savings/exhausts.csv").fileDetail().startsWith("java.lang.OutOfMemoryError"),
                byFile.get("transactions/savings/exhausts.csv").fileDetail());
        assertEquals(Map.of("rejected_file", 2), byFile.get("transactions/savings/throws.csv").linesSkipped());
        assertEquals(Map.of("markup", 4006), byFile.get("transactions/deep.ofx").linesSkipped());

        FileReport tooLarge = byFile.get("transactions/big.csv");
        assertEquals(FileParser.MAX_FILE_BYTES + 1, tooLarge.bytes());
        assertEquals(Map.of("rejected_file", 1), tooLarge.linesSkipped(), "counted while archiving, never parsed");
        assertFalse(PARSED.contains("transactions/big.csv"), "a file over the limit is never read into memory");
        assertTrue(Files.exists(lake.resolve("raw/transactions/ingest_date=2026-11-21/batch_id=b1/big.csv")));
        assertTrue(Files.exists(lake.resolve("raw/transactions/ingest_date=2026-11-21/batch_id=b1/deep.ofx")));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("[ingest] rejected whole: 6 files: "), last);
        assertTrue(last.contains("transactions/deep.ofx (NESTING_TOO_DEEP: aggregates nest more than 64 deep from line 69)"), last);
        assertTrue(last.contains("transactions/savings/recurses.csv (FILE_UNREADABLE: java.lang.StackOverflowError)"), last);
    }

    @Test
    void a_file_outside_any_dataset_folder_is_archived_and_rejected_as_unknown_dataset() {
        LakeFixture.land(lake);
        LakeFixture.write(lake, "landing/statements/march.csv", LakeFixture.SAVINGS_FEB_MAR, java.nio.charset.StandardCharsets.UTF_8);
        FileReport stray = ingest("b1").files().stream()
                .filter(f -> f.sourceFile().equals("statements/march.csv")).findFirst().orElseThrow();
        assertEquals(FileReport.REJECTED, stray.status());
        assertEquals("UNKNOWN_DATASET", stray.fileReason());
        assertEquals(Map.of("rejected_file", 4), stray.linesSkipped(), "its lines, counted while archiving");
        assertTrue(Files.exists(lake.resolve("raw/unsorted/ingest_date=2026-11-21/batch_id=b1/statements/march.csv")));
        FileReport again = ingest("b1").files().stream()
                .filter(f -> f.sourceFile().equals("statements/march.csv")).findFirst().orElseThrow();
        assertEquals(Map.of("rejected_file", 4), again.linesSkipped(), "counted on the archived copy when re-run");
    }

    @Test
    void a_file_named_with_a_leading_underscore_is_read_while_junk_is_listed_as_ignored_and_left_alone() throws Exception {
        LakeFixture.land(lake);
        LakeFixture.write(lake, "landing/transactions/savings/_march.csv", LakeFixture.SAVINGS_MARCH, UTF_8);
        LakeFixture.write(lake, "landing/transactions/.DS_Store", "\0\0\0\1Bud1", UTF_8);
        LakeFixture.write(lake, "landing/transactions/savings/_SUCCESS", "", UTF_8);
        LakeFixture.write(lake, "landing/transactions/x.csv.crdownload", "Date,Descr", UTF_8);

        IngestReport report = ingest("b1");

        FileReport march = report.files().stream().filter(f -> f.sourceFile().equals("transactions/savings/_march.csv"))
                .findFirst().orElseThrow(() -> new AssertionError(report.files().toString()));
        assertEquals(FileReport.INGESTED, march.status());
        assertEquals(2, march.rowsValid());
        assertEquals(6, report.files().size(), "the fixture's five files and _march.csv");
        List<IngestReport.Ignored> ignored = List.of(
                new IngestReport.Ignored("transactions/.DS_Store", ".DS_Store"),
                new IngestReport.Ignored("transactions/savings/_SUCCESS", "_SUCCESS"),
                new IngestReport.Ignored("transactions/x.csv.crdownload", "*.crdownload"));
        assertEquals(ignored, report.ignored());
        assertEquals(ignored, new ReportStore(new LakeFs(LocalSpark.spark().sparkContext().hadoopConfiguration()),
                TestConfig.get().lake(), lake.toUri().toString()).ingest("b1").orElseThrow().ignored(), "in the JSON report");
        Path raw = lake.resolve("raw/transactions/ingest_date=2026-11-21/batch_id=b1");
        assertTrue(Files.exists(raw.resolve("savings/_march.csv")));
        assertFalse(Files.exists(raw.resolve(".DS_Store")) || Files.exists(raw.resolve("savings/_SUCCESS"))
                || Files.exists(raw.resolve("x.csv.crdownload")), "ignored objects are not archived");
        assertTrue(Files.exists(lake.resolve("landing/transactions/x.csv.crdownload")), "nor touched in landing/");
    }

    @Test
    void junk_in_landing_does_not_change_the_derived_batch_id() {
        LakeFixture.land(lake);
        String clean = ingest(null).batchId();
        LakeFixture.write(lake, "landing/transactions/.DS_Store", "junk", UTF_8);
        LakeFixture.write(lake, "landing/budgets/~$budgets.xlsx", "lock", UTF_8);

        assertEquals(clean, ingest(null).batchId());
    }

    @Test
    void the_demo_summary_says_how_many_landed_files_were_ignored() {
        LakeFixture.land(lake);
        LakeFixture.write(lake, "landing/transactions/.DS_Store", "junk", UTF_8);
        LakeFixture.write(lake, "landing/Thumbs.db", "junk", UTF_8);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                .run(new IngestJob.Options(lake.toUri().toString(), "b1", LakeFixture.INGEST_DATE, false))) {
            CurateReport curate = new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET).run(lake.toUri().toString(), ingested);
            DemoSummary.print(new PrintStream(printed, true, UTF_8), TestConfig.get().lake(), lake, ingested.report(), curate);
        }

        String summary = printed.toString(UTF_8);
        assertTrue(summary.contains("Ignored 2 landed files that are not data (lake.yml ignored_files), left in landing/:"),
                summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("  Thumbs.db ") && l.endsWith(" Thumbs.db")), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("  transactions/.DS_Store ") && l.endsWith(" .DS_Store")), summary);
    }

    @Test
    void overlapping_exports_are_deduplicated_but_identical_purchases_in_one_file_stay_two() {
        LakeFixture.land(lake);
        ingest("b1");
        CurateReport report = curate("b1");
        Dataset<Row> savings = curated("transactions").where(col("account_id").equalTo("savings"));
        assertEquals(1, savings.where(col("booking_date").equalTo("2025-02-14")).count());
        assertEquals(2, savings.where(col("booking_date").equalTo("2025-01-10")).count());
        assertEquals(7, savings.count());
        assertEquals(2, report.datasets().get("transactions").duplicatesDropped());
        assertTrue(report.datasets().get("transactions").conserves());
    }

    @Test
    void a_transfer_between_own_accounts_is_flagged_on_both_legs_and_kept_out_of_spending() {
        LakeFixture.land(lake);
        ingest("b1");
        curate("b1");
        List<Row> legs = curated("transactions").where(col("is_transfer")).orderBy("account_id").collectAsList();
        assertEquals(2, legs.size());
        assertEquals("main-checking", legs.get(0).getAs("account_id"));
        assertEquals("savings", legs.get(0).getAs("transfer_account_id"));
        assertEquals("transfer", legs.get(1).getAs("category"));
        assertEquals("income", curated("transactions").where(col("description").startsWith("Gehalt"))
                .first().getAs("category"));
    }

    @Test
    void text_a_spreadsheet_would_execute_is_neutralised_in_curated_output() {
        LakeFixture.land(lake);
        ingest("b1");
        curate("b1");
        Row atm = curated("transactions").where(col("amount").equalTo(-50)).first();
        assertEquals("'-ATM withdrawal", atm.getAs("description"));
    }

    @Test
    void ingest_and_curate_in_one_application_give_the_same_rows_as_two_steps() {
        LakeFixture.land(lake);
        CurateReport fused = run("b1");
        List<String> inOneGo = sorted(curated("transactions"));
        assertTrue(Files.notExists(lake.resolve("validated/transactions/batch_id=b1")));
        ingest("b1");
        CurateReport stepwise = curate("b1");
        assertEquals(inOneGo, sorted(curated("transactions")));
        assertEquals(fused.datasets().get("transactions").rowsAfter(), stepwise.datasets().get("transactions").rowsAfter());
        assertEquals(12, stepwise.datasets().get("transactions").duplicatesDropped(), "the re-run's rows are all known");
    }

    @Test
    void rerunning_a_batch_yields_the_same_curated_rows() {
        LakeFixture.land(lake);
        ingest("b1");
        curate("b1");
        List<String> first = sorted(curated("transactions"));
        List<String> budgets = sorted(curated("budgets"));
        IngestReport again = ingest("b1");
        curate("b1");
        assertEquals(first, sorted(curated("transactions")));
        assertEquals(budgets, sorted(curated("budgets")));
        assertFalse(again.files().stream().anyMatch(f -> f.status().equals(FileReport.DUPLICATE)));
    }

    @Test
    void a_file_landed_again_in_a_later_batch_is_recognised_and_not_counted_twice() {
        LakeFixture.land(lake);
        ingest("b1");
        curate("b1");
        long before = curated("transactions").count();
        LakeFixture.write(lake, "landing/transactions/savings/copy-of-jan.csv", LakeFixture.SAVINGS_JAN_FEB,
                java.nio.charset.StandardCharsets.UTF_8);
        IngestReport second = ingest("b2");
        FileReport copy = second.files().stream().filter(f -> f.sourceFile().endsWith("copy-of-jan.csv")).findFirst().orElseThrow();
        assertEquals(FileReport.DUPLICATE, copy.status());
        assertEquals("b1/transactions/savings/savings-2025-01.csv", copy.duplicateOf());
        assertEquals(0, second.totals().getOrDefault("rows_read", 0L));
        curate("b2");
        assertEquals(before, curated("transactions").count());
    }

    @Test
    void files_of_a_batch_whose_curate_never_finished_are_taken_in_again_by_the_next_batch() {
        LakeFixture.land(lake);
        ingest("b1");
        IngestReport second = ingest("b2");
        assertTrue(second.files().stream().noneMatch(f -> f.status().equals(FileReport.DUPLICATE)), second.files().toString());
        curate("b2");
        assertEquals(7, curated("transactions").where(col("account_id").equalTo("savings")).count());
    }

    @Test
    void later_budgets_replace_earlier_ones_for_the_same_month_and_category() throws Exception {
        LakeFixture.land(lake);
        ingest("b1");
        curate("b1");
        try (var old = Files.list(lake.resolve("landing/budgets"))) {
            for (Path p : old.toList()) Files.delete(p);
        }
        LakeFixture.write(lake, "landing/budgets/budgets-fix.csv", "month,category,amount,currency\n2025-02,groceries,450.00,EUR\n",
                java.nio.charset.StandardCharsets.UTF_8);
        ingest("b2");
        curate("b2");
        Dataset<Row> feb = curated("budgets").where(col("category").equalTo("groceries").and(col("month").equalTo(2)));
        assertEquals(1, feb.count());
        assertEquals(0, new java.math.BigDecimal("450.00").compareTo(feb.first().getAs("amount")));
        assertEquals(3, curated("budgets").count());
    }

    @Test
    void loose_real_exports_need_no_configuration_and_their_accounts_join_the_accounts_table() throws Exception {
        Path corpus = Path.of("src/test/resources/corpus");
        for (String export : List.of("de-dkb/12-05-2025_Umsatzliste_Girokonto_DE21120300001020384756.csv",
                "nl-ing/NL36INGB0004817265_01-06-2025_30-06-2025.csv", "us-chase/Chase4417_Activity_20250630.CSV")) {
            Path target = lake.resolve("landing/transactions").resolve(Path.of(export).getFileName().toString());
            java.nio.file.Files.createDirectories(target.getParent());
            java.nio.file.Files.copy(corpus.resolve(export), target);
        }
        run("b1");
        Map<String, String> accounts = curated("accounts").collectAsList().stream()
                .filter(r -> "inferred".equals(r.getAs("account_type")))
                .collect(java.util.stream.Collectors.toMap(r -> r.getAs("account_id"), r -> r.getAs("currency")));
        assertEquals(Map.of("iban-de21120300001020384756", "EUR", "iban-nl36ingb0004817265", "EUR",
                "chase4417-activity-20250630", "USD"), accounts);
        List<Row> pending = curated("transactions").where(col("status").equalTo("pending")).collectAsList();
        assertTrue(!pending.isEmpty() && pending.stream().allMatch(r -> r.getAs("account_id").equals("iban-de21120300001020384756")),
                "DKB's Vorgemerkt rows are stored as pending");
    }

    /** Copies corpus exports loose into landing/transactions/, as a user drops a download folder. */
    private void landLoose(List<String> exports) throws java.io.IOException {
        Path corpus = Path.of("src/test/resources/corpus");
        for (String export : exports) {
            Path target = lake.resolve("landing/transactions").resolve(Path.of(export).getFileName().toString());
            java.nio.file.Files.createDirectories(target.getParent());
            java.nio.file.Files.copy(corpus.resolve(export), target);
        }
    }

    @Test
    void statements_put_their_closing_balances_and_positions_beside_their_transactions_in_either_ingest_mode()
            throws Exception {
        List<String> exports = List.of("us-charles-schwab-qfx/Schwab_Brokerage_XXXX2297_20250930.qfx",
                "de-deutsche-bank-camt/CAMT053_DE43100700000123456700_20250831.xml",
                "nl-abn-amro-mt940/MT940260105083114.STA");
        landLoose(exports);
        IngestReport ingest = ingest("b1");
        Map<String, Integer> byDataset = new java.util.TreeMap<>();
        ingest.files().forEach(f -> f.rowsValidByDataset().forEach((d, n) -> byDataset.merge(d, n, Integer::sum)));
        assertEquals(3, byDataset.get("holdings"), "Schwab's three positions");
        assertEquals(1 + 1 + 4, byDataset.get("balances"), "Schwab's cash, the CAMT's CLBD, ABN AMRO's four :62F:");
        CurateReport twoSteps = curate("b1");
        assertEquals(3L, twoSteps.datasets().get("holdings").rowsAfter());
        assertEquals(6L, twoSteps.datasets().get("balances").rowsAfter());
        assertEquals((long) byDataset.get("transactions"), twoSteps.datasets().get("transactions").rowsAfter());
        List<Row> holdings = curated("holdings").orderBy("security_id").collectAsList();
        assertEquals(List.of("NSRGY", "SCHD", "VTI"), holdings.stream().map(r -> r.<String>getAs("security_id")).toList());
        assertEquals(new java.math.BigDecimal("1587.00"), holdings.get(2).getAs("market_value"));
        Row wire = curated("transactions").where(col("original_currency").equalTo("EUR")).first();
        assertEquals(new java.math.BigDecimal("500.00"), wire.getAs("original_amount"), "ORIGCURRENCY kept");

        List<String> before = sorted(curated("holdings")), balancesBefore = sorted(curated("balances"));
        java.nio.file.Files.walk(lake).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(lake))
                .forEach(p -> p.toFile().delete());
        landLoose(exports);
        run("b1");
        assertEquals(before, sorted(curated("holdings")), "in memory: the same holdings as through validated/");
        assertEquals(balancesBefore, sorted(curated("balances")));
        Map<String, String> accounts = curated("accounts").collectAsList().stream()
                .collect(java.util.stream.Collectors.toMap(r -> r.getAs("account_id"), r -> r.getAs("currency")));
        assertTrue(accounts.entrySet().containsAll(Map.of("acct-2297", "USD", "iban-de43100700000123456700", "EUR",
                "acct-7659", "EUR").entrySet()), () -> "every statement's account found from the file: " + accounts);
    }

    @Test
    void a_pending_row_is_replaced_by_its_booked_row_when_a_later_export_brings_it() throws Exception {
        LakeFixture.write(lake, "landing/transactions/wallet/first.csv", """
                Date,Description,Amount,Status
                2026-11-01,Salary,2000.00,Completed
                2026-11-10,REWE,-12.50,Pending
                """, UTF_8);
        run("b1");
        assertEquals(List.of("pending"), curated("transactions").where(col("amount").equalTo(new java.math.BigDecimal("-12.50")))
                .select("status").collectAsList().stream().map(r -> r.getString(0)).toList());
        java.nio.file.Files.delete(lake.resolve("landing/transactions/wallet/first.csv"));
        LakeFixture.write(lake, "landing/transactions/wallet/second.csv", """
                Date,Description,Amount,Status
                2026-11-12,REWE SAGT DANKE 4711,-12.50,Completed
                """, UTF_8);
        CurateReport report = run("b2");
        List<Row> rewe = curated("transactions").where(col("amount").equalTo(new java.math.BigDecimal("-12.50"))).collectAsList();
        assertEquals(List.of("booked REWE SAGT DANKE 4711"), rewe.stream()
                .map(r -> r.getAs("status") + " " + r.getAs("description")).toList(), "no double count");
        assertEquals(1, report.datasets().get("transactions").duplicatesDropped(), "the settled pending row is counted as dropped");
    }

    @Test
    void a_transfer_into_the_dollar_account_pairs_at_the_landed_ecb_rate_and_the_rates_are_curated_per_day() {
        // The ECB's history file, dropped loose among the transactions: known by its content.
        LakeFixture.write(lake, "landing/transactions/eurofxref-hist.csv", """
                Date,USD,JPY,GBP,
                2025-01-31,1.0393,161.07,0.83725,
                2025-01-30,1.0412,160.96,0.83430,
                2025-01-29,1.0427,162.06,0.83455,
                """, UTF_8);
        LakeFixture.write(lake, "landing/transactions/hausbank-2025-01.csv", LakeFixture.CHECKING.replace(
                "01.02.2025;01.02.2025;Miete", "30.01.2025;30.01.2025;Übertrag auf Wise;500,00;;EUR\n"
                        + "01.02.2025;01.02.2025;Miete"), LakeFixture.CP1252);
        // 500.00 EUR at 1.0412 is 520.60 USD; Wise paid 517.10 after its fee (0.7 % off).
        LakeFixture.write(lake, "landing/transactions/wise-usd/statement.csv", """
                Date,Description,Amount,Currency
                2025-01-31,Received from Sample household,517.10,USD
                2025-01-31,Grocery Outlet Bargain Market,-42.18,USD
                """, UTF_8);

        CurateReport report = run("b1");

        assertEquals(9L, curated("fx_rates").count());
        assertEquals(List.of("[2025-01-30,EUR,USD,1.0412000000]"), sorted(curated("fx_rates")
                .where(col("rate_date").equalTo(java.sql.Date.valueOf("2025-01-30")).and(col("quote_currency").equalTo("USD")))
                .select("rate_date", "base_currency", "quote_currency", "rate")));
        assertEquals(List.of("[main-checking,-500.00,EUR,wise-usd]", "[wise-usd,517.10,USD,main-checking]"),
                sorted(curated("transactions").where(col("is_transfer"))
                        .select("account_id", "amount", "currency", "transfer_account_id")));
        assertEquals(2L, report.datasets().get("transactions").transfers());
    }
}
