package dev.sparkflow.jobs.learn;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Measured, not claimed: a share of the labelled rows is hidden, the model learns from the rest, and its suggestions
 * for the hidden rows are compared with their labels. Coverage is the share of hidden rows it suggests a category for
 * at a threshold, accuracy the share of those suggestions that are right.
 */
public final class Holdout {
    /** Hidden: 3 rows (or merchants) in 10, chosen by a hash, so every run hides the same ones. */
    public static final int HIDDEN_TENTHS = 3;
    private static final long HASH_SEED = 42;

    /** One split's figures at one threshold. */
    public record Point(String split, double threshold, long hidden, long suggested, long correct, double coverage,
                        double accuracy) {
    }

    private Holdout() {
    }

    /** True for the rows whose {@code key} hides them (3 in 10 of its values). */
    public static Column hidden(Column key) {
        return pmod(xxhash64(key, lit(HASH_SEED)), lit(10)).lt(HIDDEN_TENTHS);
    }

    /** Rows hidden at random: by transaction id. */
    public static Column hiddenRows() {
        return hidden(col("transaction_id"));
    }

    /**
     * Learns from the rows {@code hidden} leaves, scores the hidden ones at each threshold; when the rows left name
     * fewer than two categories, nothing is suggested (coverage 0).
     */
    public static List<Point> measure(String split, Dataset<Row> labelled, Column hidden, double... thresholds) {
        Dataset<Row> seen = labelled.filter(hidden.unary_$bang());
        List<Row> scored = seen.select(CategoryModel.CATEGORY).distinct().limit(2).count() < 2 ? List.of()
                : CategoryModel.suggest(CategoryModel.train(seen),
                        labelled.filter(hidden).withColumnRenamed(CategoryModel.CATEGORY, "truth"))
                .select("truth", CategoryModel.SUGGESTED, CategoryModel.CONFIDENCE).collectAsList();
        long hiddenRows = scored.isEmpty() ? labelled.filter(hidden).count() : scored.size();
        List<Point> points = new ArrayList<>();
        for (double threshold : thresholds) {
            long suggested = 0, correct = 0;
            for (Row row : scored) {
                if (row.getDouble(2) < threshold) continue;
                suggested++;
                if (row.getString(0).equals(row.getString(1))) correct++;
            }
            points.add(new Point(split, threshold, hiddenRows, suggested, correct,
                    hiddenRows == 0 ? 0 : (double) suggested / hiddenRows,
                    suggested == 0 ? 0 : (double) correct / suggested));
        }
        return points;
    }
}
