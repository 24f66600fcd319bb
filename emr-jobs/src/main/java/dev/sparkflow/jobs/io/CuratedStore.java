package dev.sparkflow.jobs.io;

import dev.sparkflow.jobs.model.LakeSchemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;

/** Reads the touched months of a curated dataset and replaces exactly those months (dynamic partition overwrite). */
public final class CuratedStore {
    private final SparkSession spark;
    private final LakeFs fs;

    public CuratedStore(SparkSession spark, LakeFs fs) {
        this.spark = spark;
        this.fs = fs;
    }

    /** Curated rows of the given months ("YYYY-MM"), or empty when nothing is curated there yet. */
    public Optional<Dataset<Row>> months(String path, List<String> months) {
        if (months.isEmpty() || !fs.exists(path)) return Optional.empty();
        Object[] keys = months.stream().map(m -> Integer.parseInt(m.replace("-", ""))).toArray();
        return Optional.of(spark.read().parquet(path)
                .where(col("year").multiply(100).plus(col("month")).isin(keys)));
    }

    /** Replaces the year/month partitions present in {@code rows}; other months are untouched. */
    public void replaceMonths(Dataset<Row> rows, String path) {
        rows.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
                // Ids are unique: a dictionary for them costs time and bytes for nothing.
                .option("parquet.enable.dictionary#transaction_id", "false")
                .partitionBy(LakeSchemas.CURATED_PARTITIONS.toArray(String[]::new)).parquet(path);
    }
}
