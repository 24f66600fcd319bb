package dev.sparkflow.jobs.transform;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

/**
 * Curate for keyed snapshots (balances per account and day, budgets per month and category): the newest
 * batch's value wins over what is already curated, and within a batch the later file wins.
 */
public final class CurateSnapshots {
    private CurateSnapshots() {
    }

    /** The names of the counts {@link #apply} observes: curated rows before, duplicates dropped, rows written. */
    public static final String BEFORE = "rows_before", DROPPED = "duplicates_dropped", AFTER = "rows_after";

    /**
     * @param validated this batch's validated rows
     * @param existing  curated rows of the touched months (null when there are none)
     * @param keys      the columns that identify one snapshot
     * @param dateColumn the date that places a row in its year/month partition
     * @param columns   the curated columns, in order, without year/month
     * @param counted   receives {@link #BEFORE}, {@link #DROPPED} and {@link #AFTER}, counted as the result is written
     */
    public static Dataset<Row> apply(Dataset<Row> validated, Dataset<Row> existing, List<String> keys,
                                     String dateColumn, List<String> columns, Observation counted) {
        Column[] selected = columns.stream().map(c -> col(c)).toArray(Column[]::new);
        Dataset<Row> all = validated.select(selected).withColumn("origin", lit(1));
        if (existing != null) {
            all = all.unionByName(existing.select(selected).withColumn("origin", lit(0)));
        }
        List<Column> keyCols = new ArrayList<>();
        keys.forEach(k -> keyCols.add(col(k)));
        Column newestFirst = row_number().over(Window.partitionBy(keyCols.toArray(Column[]::new))
                .orderBy(col("origin").desc(), col("batch_id").desc(), col("source_file").desc(),
                        col("line_number").desc()));
        return all.withColumn("rank", newestFirst)
                .observe(counted, count(when(col("origin").equalTo(0), lit(1))).as(BEFORE),
                        count(when(col("rank").gt(1), lit(1))).as(DROPPED),
                        count(when(col("rank").equalTo(1), lit(1))).as(AFTER))
                .where(col("rank").equalTo(1)).drop("rank", "origin")
                .withColumn("year", year(col(dateColumn))).withColumn("month", month(col(dateColumn)));
    }
}
