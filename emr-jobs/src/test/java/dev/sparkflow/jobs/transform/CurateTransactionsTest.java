package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.CategorySource;
import dev.sparkflow.jobs.model.LakeSchemas;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Curate's transactions across a month end, on real Spark: a row within the transfer window of a month boundary is
 * also sent to the neighbouring month as a "ghost", so a transfer or a pending row's booking that crosses the boundary
 * is still seen there; a ghost is context only and never written.
 */
@ExtendWith(LocalSpark.class)
class CurateTransactionsTest {
    private static final int WINDOW_DAYS = 3;

    private static CurateRow row(int line, String account, String date, String amount, String status, String text) {
        return CurateRow.fresh(new TransactionRecord(line, account, LocalDate.parse(date), null, new BigDecimal(amount), "EUR",
                text, null, 1, status), "b1", "f.csv");
    }

    private static CurateRow booked(int line, String account, String date, String amount, String text) {
        return row(line, account, date, amount, TransactionRecord.BOOKED, text);
    }

    private CurateTransactions.Counts counts;

    /** Curates {@code rows} as one new batch (nothing curated before), over 2 shuffle partitions; rows by date, line. */
    private List<Row> curate(CurateRow... rows) {
        var spark = LocalSpark.spark();
        counts = new CurateTransactions.Counts(spark.sparkContext().longAccumulator(), spark.sparkContext().longAccumulator(),
                KeyCounts.register(spark.sparkContext(), "by category"), KeyCounts.register(spark.sparkContext(), "by source"),
                spark.sparkContext().collectionAccumulator());
        return CurateTransactions.apply(spark, JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(Arrays.asList(rows), 2),
                        null, TestConfig.get().categories(), WINDOW_DAYS, 2, counts)
                .collectAsList().stream() // one action, as the job's write is: a sort would count twice
                .sorted(Comparator.comparing((Row r) -> r.<LocalDate>getAs("booking_date")).thenComparing(r -> r.<Integer>getAs("line_number")))
                .toList();
    }

    private static String where(Row r) {
        return r.getAs("description") + " " + r.getAs("year") + "-" + r.getAs("month");
    }

    @Test
    void a_row_near_a_month_boundary_is_written_once_in_the_month_of_its_booking_date() {
        List<Row> out = curate(booked(1, "a", "2025-01-15", "-5.00", "mid January"),
                booked(2, "a", "2025-01-30", "-20.00", "end of January"),
                booked(3, "a", "2025-02-01", "-7.00", "start of February"));
        assertEquals(List.of("mid January 2025-1", "end of January 2025-1", "start of February 2025-2"),
                out.stream().map(CurateTransactionsTest::where).toList(), "ghosts are not written");
        assertEquals(0L, counts.dropped().value());
        assertEquals(3L, counts.byCategory().total());
    }

    @Test
    void a_transfer_across_a_month_end_pairs_through_the_ghosts_and_each_leg_stays_in_its_month() {
        List<Row> out = curate(booked(1, "main", "2025-01-31", "-300.00", "Übertrag auf Sparkonto"),
                booked(2, "savings", "2025-02-01", "300.00", "Transfer from checking"));
        assertEquals(List.of("Übertrag auf Sparkonto 2025-1", "Transfer from checking 2025-2"),
                out.stream().map(CurateTransactionsTest::where).toList());
        assertEquals(List.of("savings", "main"), out.stream().map(r -> r.<String>getAs("transfer_account_id")).toList());
        assertEquals(List.of(Categoriser.TRANSFER, Categoriser.TRANSFER), out.stream().map(r -> r.<String>getAs("category")).toList());
        assertEquals(2L, counts.byCategory().value().get(Categoriser.TRANSFER));
    }

    @Test
    void rows_curated_before_categories_had_a_source_read_with_the_source_they_had() {
        List<Row> out = curate(booked(1, "main", "2025-01-10", "-300.00", "Übertrag auf Sparkonto"),
                booked(2, "savings", "2025-01-10", "300.00", "Transfer from checking"),
                booked(3, "main", "2025-01-11", "-20.00", "REWE Markt"),
                booked(4, "main", "2025-01-12", "-9.00", "Kiosk am Eck"));
        assertEquals(List.of(CategorySource.TRANSFER, CategorySource.TRANSFER, CategorySource.RULE, CategorySource.NONE),
                out.stream().map(r -> r.<String>getAs("category_source")).toList());
        var spark = LocalSpark.spark();
        var old = spark.createDataFrame(out, LakeSchemas.CURATED_TRANSACTIONS).drop("category_source", "category_confidence");
        List<Row> read = CurateTransactions.withStatus(old).orderBy("line_number").collectAsList();
        assertEquals(List.of(CategorySource.TRANSFER, CategorySource.TRANSFER, CategorySource.RULE, CategorySource.NONE),
                read.stream().map(r -> r.<String>getAs("category_source")).toList());
        assertNull(read.get(2).getAs("category_confidence"));
    }

    @Test
    void legs_further_apart_than_the_window_are_no_transfer() {
        List<Row> out = curate(booked(1, "main", "2025-01-27", "-300.00", "out"),
                booked(2, "savings", "2025-02-01", "300.00", "in"));
        assertFalse(out.stream().anyMatch(r -> r.<Boolean>getAs("is_transfer")));
    }

    @Test
    void a_pending_row_is_dropped_when_its_booked_row_falls_in_the_next_month() {
        List<Row> out = curate(row(1, "a", "2025-01-30", "-12.50", TransactionRecord.PENDING, "REWE pending"),
                booked(2, "a", "2025-02-02", "-12.50", "REWE SAGT DANKE"));
        assertEquals(List.of("REWE SAGT DANKE 2025-2"), out.stream().map(CurateTransactionsTest::where).toList());
        assertEquals(TransactionRecord.BOOKED, out.get(0).getAs("status"));
        assertEquals(1L, counts.dropped().value(), "the settled pending row is counted as dropped");
    }

    @Test
    void a_pending_row_whose_booking_is_outside_the_window_stays_pending() {
        List<Row> out = curate(row(1, "a", "2025-01-20", "-12.50", TransactionRecord.PENDING, "REWE pending"),
                booked(2, "a", "2025-02-02", "-12.50", "REWE SAGT DANKE"));
        assertEquals(List.of("pending", "booked"), out.stream().map(r -> r.<String>getAs("status")).toList());
        assertEquals(0L, counts.dropped().value());
    }

    @Test
    void a_pending_row_never_pairs_as_a_transfer_not_even_as_a_ghost() {
        List<Row> out = curate(row(1, "main", "2025-01-31", "-300.00", TransactionRecord.PENDING, "pending out"),
                booked(2, "savings", "2025-02-01", "300.00", "in"));
        assertEquals(2, out.size());
        assertFalse(out.stream().anyMatch(r -> r.<Boolean>getAs("is_transfer")));
        out.forEach(r -> assertNull(r.getAs("transfer_account_id")));
    }

    @Test
    void a_transaction_exported_in_two_formats_next_to_a_month_end_is_one_transfer_leg_in_the_next_month_too() {
        CurateRow csv = booked(1, "main", "2025-01-31", "-300.00", "Übertrag auf Sparkonto");
        CurateRow ofx = CurateRow.fresh(new TransactionRecord(40, "main", LocalDate.parse("2025-01-31"), null,
                new BigDecimal("-300.00"), "EUR", "UEBERTRAG AUF SPARKONTO", "FITID-77", 0, TransactionRecord.BOOKED), "b1", "g.ofx");
        List<Row> out = curate(csv, ofx, booked(2, "savings", "2025-02-01", "300.00", "Transfer from checking"),
                booked(3, "savings", "2025-02-02", "300.00", "Cash deposit"));
        assertEquals(3, out.size());
        assertEquals(2L, out.stream().filter(r -> r.<Boolean>getAs("is_transfer")).count(),
                "one outflow pairs with one inflow: the other 300.00 is no transfer");
        assertEquals(1, counts.matches().value().size());
        assertEquals("g.ofx", counts.matches().value().get(0).dropped().sourceFile());
        assertEquals(1L, counts.dropped().value());
    }

    @Test
    void the_same_transaction_twice_in_a_batch_is_kept_once_and_counted_as_dropped() {
        CurateRow first = booked(1, "a", "2025-01-31", "-9.99", "Streaming");
        CurateRow again = booked(7, "a", "2025-01-31", "-9.99", "Streaming");
        List<Row> out = curate(first, again);
        assertEquals(1, out.size());
        assertEquals(1, out.get(0).<Integer>getAs("line_number"), "the first seen wins");
        assertEquals(1L, counts.dropped().value());
    }
}
