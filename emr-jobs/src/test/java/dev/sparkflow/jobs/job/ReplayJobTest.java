package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.ClasspathConfigSource;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.OverlayConfigSource;
import dev.sparkflow.jobs.io.QuarantineStore;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.model.QuarantineEntry;
import dev.sparkflow.jobs.model.ReplayReport;
import dev.sparkflow.jobs.transform.QuarantineResolutions;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fix and replay on a lake on local disk: a budgets file names a category config/ lacks; the owner adds it and
 * replays. The fixture's other rejected rows (an impossible date, a category nobody defines) stay rejected.
 */
@ExtendWith(LocalSpark.class)
class ReplayJobTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test");
    private static final LocalDate REPLAY_DATE = LakeFixture.INGEST_DATE.plusDays(1);
    /** Lines 2-3 name the category the fix adds; line 4 a category nobody defines; line 5 the new one, negative. */
    private static final String PETS = """
            month,category,amount,currency
            2025-01,pets,40.00,EUR
            2025-02,pets,45.00,EUR
            2025-02,vacation,300.00,EUR
            2025-03,pets,-5.00,EUR
            """;

    @TempDir
    Path lake;
    @TempDir
    Path overlay;

    private JobConfig fixed;

    @BeforeEach
    void ingestTheFirstBatchWithTheStockConfig() throws Exception {
        LakeFixture.land(lake);
        LakeFixture.write(lake, "landing/budgets/budgets-pets.csv", PETS, UTF_8);
        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                .run(new IngestJob.Options(root(), "b1", LakeFixture.INGEST_DATE, false))) {
            new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET).run(root(), ingested);
        }
        String categories = new ClasspathConfigSource().read("categories.yml").replaceFirst("(?m)^categories:\\n",
                "categories:\n  - category: pets\n    pattern: \"fressnapf|zooplus\"\n    direction: out\n");
        Files.writeString(overlay.resolve("categories.yml"), categories);
        fixed = JobConfig.load(new OverlayConfigSource(fs(), overlay.toString(), new ClasspathConfigSource()));
    }

    private String root() {
        return lake.toUri().toString();
    }

    private LakeFs fs() {
        return new LakeFs(LocalSpark.spark().sparkContext().hadoopConfiguration());
    }

    private ReplayReport replay(JobConfig config, List<String> batches, List<String> files) {
        return new ReplayJob(LocalSpark.spark(), config, QUIET)
                .run(new ReplayJob.Options(root(), null, batches, files, REPLAY_DATE));
    }

    private QuarantineStore quarantine() {
        return new QuarantineStore(LocalSpark.spark(), fs(), TestConfig.get().lake(), root());
    }

    private List<QuarantineEntry> open() {
        QuarantineStore store = quarantine();
        return QuarantineResolutions.open(store.entries(), store.settled(null));
    }

    /** Every curated row of a dataset as text, sorted, without the batch that wrote it. */
    private List<String> curated(String dataset) {
        return LocalSpark.spark().read().parquet(lake.resolve("curated/" + dataset).toString()).drop("batch_id")
                .collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private List<Row> resolutions() {
        return LocalSpark.spark().read().option("recursiveFileLookup", "true")
                .parquet(lake.resolve("quarantine_resolved").toString()).collectAsList();
    }

    @Test
    void the_fixed_lines_are_resolved_by_the_replay_batch_and_the_others_stay_open() {
        assertEquals(Map.of("IMPOSSIBLE_DATE", 1L, "UNKNOWN_CATEGORY", 4L), QuarantineResolutions.byReason(open()));

        ReplayReport report = replay(fixed, List.of(), List.of());

        assertTrue(report.replayed());
        assertTrue(report.batchId().startsWith("replay-20261122-"), report.batchId());
        assertEquals(Map.of("IMPOSSIBLE_DATE", 1L, "UNKNOWN_CATEGORY", 4L), report.openBefore());
        assertEquals(Map.of("UNKNOWN_CATEGORY", 2L), report.resolved());
        assertEquals(Map.of("UNKNOWN_CATEGORY", 1L), report.superseded(), "pets -5.00 now fails as a negative budget");
        assertEquals(Map.of("NEGATIVE_BUDGET", 1L), report.newEntries());
        assertEquals(Map.of("IMPOSSIBLE_DATE", 1L, "NEGATIVE_BUDGET", 1L, "UNKNOWN_CATEGORY", 1L), report.openAfter());
        assertEquals(Map.of("budgets", 2L), report.rowsNowValid());
        assertEquals(report.openAfter(), QuarantineResolutions.byReason(open()), "the lake agrees with the report");

        List<String> resolved = resolutions().stream().map(r -> r.getAs("batch_id") + " " + r.getAs("source_file") + ":"
                + r.getAs("line_number") + " " + r.getAs("outcome") + " by " + r.getAs("resolved_by_batch")).sorted().toList();
        assertEquals(List.of(
                "b1 budgets/budgets-pets.csv:2 resolved by " + report.batchId(),
                "b1 budgets/budgets-pets.csv:3 resolved by " + report.batchId(),
                "b1 budgets/budgets-pets.csv:5 superseded by " + report.batchId()), resolved);
        assertTrue(Files.exists(lake.resolve("reports/replay/" + report.batchId() + ".json")));
    }

    @Test
    void rows_that_now_pass_join_curated_once_and_re_read_rows_are_not_duplicated() {
        List<String> transactionsBefore = curated("transactions"), budgetsBefore = curated("budgets");

        ReplayReport report = replay(fixed, List.of(), List.of());

        assertEquals(transactionsBefore, curated("transactions"), "the savings file was re-read: its rows are kept once");
        List<String> budgets = curated("budgets");
        assertEquals(budgetsBefore.size() + 2, budgets.size());
        assertEquals(2, budgets.stream().filter(b -> b.contains(",pets,")).count(), budgets.toString());
        CurateReport curate = new ReportStore(fs(), TestConfig.get().lake(), root()).curate(report.batchId()).orElseThrow();
        CurateReport.DatasetOutcome tx = curate.datasets().get("transactions");
        assertEquals(tx.rowsNew(), tx.duplicatesDropped(), "every re-read transaction was a duplicate of a curated one");
    }

    @Test
    void the_replay_batch_accounts_for_every_line_and_writes_no_second_entry_for_a_line_still_open() {
        int entriesBefore = quarantine().entries().size();

        ReplayReport report = replay(fixed, List.of(), List.of());

        IngestReport ingest = new ReportStore(fs(), TestConfig.get().lake(), root()).ingest(report.batchId()).orElseThrow();
        for (FileReport f : ingest.files()) {
            assertTrue(f.conserves(), f.sourceFile());
        }
        assertEquals(List.of("budgets/budgets-pets.csv", "transactions/savings/savings-2025-01.csv"),
                ingest.files().stream().map(FileReport::sourceFile).toList(), "only the files with rejected rows");
        assertEquals(3L, ingest.totals().get("rows_quarantined"), "vacation, the impossible date, the negative budget");
        assertEquals(entriesBefore + 1, quarantine().entries().size(), "only the negative budget is a new entry");
    }

    @Test
    void a_second_replay_changes_nothing() {
        ReplayReport first = replay(fixed, List.of(), List.of());
        List<String> transactions = curated("transactions"), budgets = curated("budgets");
        List<Row> resolutions = resolutions();

        ReplayReport second = replay(fixed, List.of(), List.of());

        assertFalse(second.replayed());
        assertEquals(first.openAfter(), second.openBefore());
        assertEquals(second.openBefore(), second.openAfter());
        assertTrue(second.summary().get(0).contains("nothing to replay"), second.summary().toString());
        assertEquals(transactions, curated("transactions"));
        assertEquals(budgets, curated("budgets"));
        assertEquals(resolutions.size(), resolutions().size());
        try (Stream<Path> replays = Files.list(lake.resolve("reports/replay"))) {
            assertEquals(1, replays.filter(p -> p.toString().endsWith(".json")).count(), "no second replay batch");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void without_the_fix_a_replay_has_nothing_to_replay() {
        ReplayReport report = replay(TestConfig.get(), List.of(), List.of());

        assertFalse(report.replayed());
        assertFalse(Files.exists(lake.resolve("quarantine_resolved")));
    }

    @Test
    void files_and_batches_narrow_what_is_re_read() {
        ReplayReport onlySavings = replay(fixed, List.of("b1"), List.of("transactions/savings/*.csv"));
        assertEquals(List.of("transactions/savings/savings-2025-01.csv"),
                onlySavings.files().stream().map(ReplayReport.ReplayedFile::sourceFile).toList());
        assertFalse(onlySavings.replayed(), "the savings file's broken date is not fixed by the category");

        ReplayReport byRawPath = replay(fixed, List.of(), List.of("raw/budgets/**"));
        assertEquals(List.of("budgets/budgets-pets.csv"),
                byRawPath.files().stream().map(ReplayReport.ReplayedFile::sourceFile).toList());
        assertEquals(Map.of("UNKNOWN_CATEGORY", 2L), byRawPath.resolved());

        assertThrows(IllegalArgumentException.class, () -> replay(fixed, List.of("no-such-batch"), List.of()));
    }

    @Test
    void a_replay_run_again_under_its_own_id_replaces_its_earlier_attempt() {
        ReplayReport first = new ReplayJob(LocalSpark.spark(), fixed, QUIET)
                .run(new ReplayJob.Options(root(), "replay-dag-1", List.of(), List.of(), REPLAY_DATE));
        List<String> budgets = curated("budgets");

        ReplayReport again = new ReplayJob(LocalSpark.spark(), fixed, QUIET)
                .run(new ReplayJob.Options(root(), "replay-dag-1", List.of(), List.of(), REPLAY_DATE));

        assertTrue(again.replayed());
        assertEquals(first.resolved(), again.resolved());
        assertEquals(first.newEntries(), again.newEntries());
        assertEquals(first.openAfter(), QuarantineResolutions.byReason(open()));
        assertEquals(budgets, curated("budgets"));
        assertEquals(3, resolutions().size());
    }
}
