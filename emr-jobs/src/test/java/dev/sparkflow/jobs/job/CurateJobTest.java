package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.CurateReport;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Curate's month partitions on a lake on local disk: where rows land, what later batches keep and rewrite. Rows are
 * dated before the ingest date ({@link LakeFixture#INGEST_DATE}): later ones are quarantined.
 */
@ExtendWith(LocalSpark.class)
class CurateJobTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test");
    private static final String HEADER = "Date,Description,Amount\n";

    @TempDir
    Path lake;

    /** Lands {@code csv} as the wallet's only export and runs ingest + curate as batch {@code batchId}. */
    private CurateReport runWith(String batchId, String csv) throws IOException {
        Path landing = lake.resolve("landing/transactions/wallet");
        if (Files.exists(landing)) {
            try (Stream<Path> old = Files.list(landing)) {
                for (Path p : old.toList()) Files.delete(p);
            }
        }
        LakeFixture.write(lake, "landing/transactions/wallet/" + batchId + ".csv", HEADER + csv, UTF_8);
        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), TestConfig.get(), QUIET)
                .run(new IngestJob.Options(lake.toUri().toString(), batchId, LakeFixture.INGEST_DATE, false))) {
            return new CurateJob(LocalSpark.spark(), TestConfig.get(), QUIET).run(lake.toUri().toString(), ingested);
        }
    }

    private Path month(int year, int month) {
        return lake.resolve("curated/transactions/year=" + year + "/month=" + month);
    }

    /** The rows of one month partition, read from its folder alone: "booking date description". */
    private List<String> rowsIn(int year, int month) {
        return LocalSpark.spark().read().parquet(month(year, month).toString()).collectAsList().stream()
                .map(r -> r.getAs("booking_date") + " " + r.<String>getAs("description")).sorted().toList();
    }

    /** The data files of one month partition, by name: a rewritten month gets new ones. */
    private List<String> filesIn(int year, int month) throws IOException {
        try (Stream<Path> files = Files.list(month(year, month))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().toList();
        }
    }

    /** Every curated month: "year-month" to its rows. */
    private Map<String, List<String>> allMonths() {
        Map<String, List<String>> months = new TreeMap<>();
        for (Row r : LocalSpark.spark().read().parquet(lake.resolve("curated/transactions").toString()).collectAsList()) {
            months.computeIfAbsent(r.getAs("year") + "-" + r.getAs("month"), k -> new java.util.ArrayList<>())
                    .add(r.getAs("booking_date") + " " + r.<String>getAs("description"));
        }
        months.values().forEach(java.util.Collections::sort);
        return months;
    }

    @Test
    void rows_land_in_the_year_and_month_of_their_booking_date() throws IOException {
        CurateReport report = runWith("b1", """
                2026-10-05,Bakery,-4.10
                2026-10-14,Cinema,-12.00
                2026-11-12,Bookshop,-20.00
                """);
        assertEquals(List.of("2026-10-05 Bakery", "2026-10-14 Cinema"), rowsIn(2026, 10));
        assertEquals(List.of("2026-11-12 Bookshop"), rowsIn(2026, 11));
        assertEquals(List.of("2026-10", "2026-11"), report.datasets().get("transactions").monthsWritten());
    }

    @Test
    void a_later_batch_rewrites_only_the_months_it_touches_and_keeps_their_earlier_rows() throws IOException {
        runWith("b1", """
                2026-08-05,Bakery,-4.10
                2026-09-12,Bookshop,-20.00
                """);
        List<String> august = filesIn(2026, 8), september = filesIn(2026, 9);
        runWith("b2", """
                2026-09-20,Pharmacy,-8.30
                2026-10-10,Florist,-15.00
                """);
        assertEquals(august, filesIn(2026, 8), "a month the batch does not touch is not rewritten");
        assertEquals(List.of("2026-08-05 Bakery"), rowsIn(2026, 8));
        assertEquals(List.of("2026-09-12 Bookshop", "2026-09-20 Pharmacy"), rowsIn(2026, 9), "b1's row kept beside b2's");
        assertNotEquals(september, filesIn(2026, 9), "a touched month is rewritten whole");
        assertEquals(List.of("2026-10-10 Florist"), rowsIn(2026, 10));
    }

    @Test
    void running_the_same_batch_again_leaves_every_month_as_it_was() throws IOException {
        String csv = """
                2026-10-30,Bakery,-4.10
                2026-11-01,Bookshop,-20.00
                2026-11-01,Bookshop,-20.00
                """;
        runWith("b1", "2026-10-02,Rent,-900.00\n");
        CurateReport first = runWith("b2", csv);
        Map<String, List<String>> before = allMonths();
        CurateReport again = runWith("b2", csv);
        assertEquals(before, allMonths());
        assertEquals(Map.of("2026-10", List.of("2026-10-02 Rent", "2026-10-30 Bakery"),
                "2026-11", List.of("2026-11-01 Bookshop", "2026-11-01 Bookshop")), before, "two purchases in one file stay two");
        CurateReport.DatasetOutcome once = first.datasets().get("transactions"), twice = again.datasets().get("transactions");
        assertEquals(once.rowsAfter(), twice.rowsAfter());
        assertEquals(4L, twice.rowsBefore());
        assertEquals(3L, twice.duplicatesDropped(), "the re-run's rows are all known already");
    }
}
