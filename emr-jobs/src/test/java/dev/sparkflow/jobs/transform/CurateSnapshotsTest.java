package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.model.LakeSchemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Curate's keyed snapshots (balances, holdings) on real Spark: one row per key, the newest one. */
@ExtendWith(LocalSpark.class)
class CurateSnapshotsTest {
    private static final List<String> BALANCE_KEYS = List.of("account_id", "balance_date");
    private static final List<String> HOLDING_KEYS = List.of("account_id", "as_of", "security_id");

    private Map<String, Object> counted;

    /** The curated columns of {@code schema} without year/month. */
    private static List<String> columns(StructType schema) {
        return Arrays.stream(schema.fieldNames()).filter(c -> !LakeSchemas.CURATED_PARTITIONS.contains(c)).toList();
    }

    /** Rows of {@code schema}'s columns without year/month; year/month are dropped from curated ones. */
    private static Dataset<Row> rows(StructType schema, List<Object[]> values) {
        StructType own = new StructType(Arrays.stream(schema.fields())
                .filter(f -> !LakeSchemas.CURATED_PARTITIONS.contains(f.name())).toArray(StructField[]::new));
        return LocalSpark.spark().createDataFrame(values.stream().map(v -> RowFactory.create(v)).toList(), own);
    }

    /** Curates {@code batch} over {@code existing} (null: nothing curated yet); the rows sorted by key. */
    private List<Row> curate(StructType schema, List<Object[]> batch, List<Object[]> existing, List<String> keys,
                             String dateColumn) throws InterruptedException {
        Observation observation = new Observation("snapshots");
        // One action, as the job's write is: a sort would run the plan, and its counts, twice.
        List<Row> out = CurateSnapshots.apply(rows(schema, batch), existing == null ? null : rows(schema, existing), keys,
                dateColumn, columns(schema), observation).collectAsList();
        counted = observation.getAsJava();
        return out.stream().sorted(Comparator.comparing(r -> keys.stream().map(k -> String.valueOf(r.<Object>getAs(k)))
                .collect(Collectors.joining("|")))).toList();
    }

    private static Object[] balance(String account, String date, String amount, String batch, String file, int line) {
        return new Object[]{account, LocalDate.parse(date), new BigDecimal(amount), "EUR", batch, file, line};
    }

    private static Object[] holding(String account, String asOf, String security, String units, String batch, String file) {
        return new Object[]{account, LocalDate.parse(asOf), security, null, new BigDecimal(units), null, null, "USD", batch,
                file, 1};
    }

    @Test
    void a_new_batchs_balance_replaces_the_curated_one_for_the_same_account_and_day() throws Exception {
        List<Row> out = curate(LakeSchemas.CURATED_BALANCES,
                List.<Object[]>of(balance("a", "2025-01-31", "120.00", "b1", "jan.csv", 3)),
                List.of(balance("a", "2025-01-31", "100.00", "b9", "old.csv", 9),
                        balance("a", "2025-01-30", "90.00", "b9", "old.csv", 8)),
                BALANCE_KEYS, "balance_date");
        assertEquals(List.of("2025-01-30=90.00", "2025-01-31=120.00"),
                out.stream().map(r -> r.getAs("balance_date") + "=" + r.getAs("balance")).toList(),
                "the batch wins over what was curated, whatever the batch ids; other days stay");
        assertEquals(List.of(2L, 1L, 2L), List.of(counted.get(CurateSnapshots.BEFORE), counted.get(CurateSnapshots.DROPPED),
                counted.get(CurateSnapshots.AFTER)));
    }

    @Test
    void within_a_batch_the_later_file_wins_then_the_later_line() throws Exception {
        List<Row> out = curate(LakeSchemas.CURATED_BALANCES, List.of(
                        balance("a", "2025-01-31", "1.00", "b1", "2025-01-a.csv", 9),
                        balance("a", "2025-01-31", "2.00", "b1", "2025-01-b.csv", 1),
                        balance("c", "2025-01-31", "3.00", "b1", "x.csv", 1),
                        balance("c", "2025-01-31", "4.00", "b1", "x.csv", 2)),
                null, BALANCE_KEYS, "balance_date");
        assertEquals(List.of("a=2.00", "c=4.00"), out.stream().map(r -> r.getAs("account_id") + "=" + r.getAs("balance")).toList());
        assertEquals(List.of(0L, 2L, 2L), List.of(counted.get(CurateSnapshots.BEFORE), counted.get(CurateSnapshots.DROPPED),
                counted.get(CurateSnapshots.AFTER)));
    }

    @Test
    void holdings_are_kept_per_account_day_and_security_in_the_month_of_their_date() throws Exception {
        List<Row> out = curate(LakeSchemas.CURATED_HOLDINGS, List.of(
                        holding("acct", "2025-09-30", "VTI", "5", "b2", "sep.qfx"),
                        holding("acct", "2025-09-30", "SCHD", "10", "b2", "sep.qfx"),
                        holding("acct", "2025-10-01", "VTI", "6", "b2", "oct.qfx")),
                List.<Object[]>of(holding("acct", "2025-09-30", "VTI", "4", "b1", "sep-early.qfx")),
                HOLDING_KEYS, "as_of");
        assertEquals(List.of("2025-09-30 SCHD 10.000000 2025-9", "2025-09-30 VTI 5.000000 2025-9", "2025-10-01 VTI 6.000000 2025-10"),
                out.stream().map(r -> r.getAs("as_of") + " " + r.getAs("security_id") + " " + r.getAs("units") + " "
                        + r.getAs("year") + "-" + r.getAs("month")).toList());
        assertEquals(1L, counted.get(CurateSnapshots.DROPPED));
    }
}
