package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.transform.CurateRow;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;

/** A batch's valid rows as curate consumes them: handed on in memory by ingest, or read from validated/. */
public interface BatchRows {
    /** Valid rows of a snapshot dataset (balances, budgets) in the validated schema plus batch_id; null if none. */
    org.apache.spark.sql.Dataset<Row> rows(LakeDataset dataset);

    /** Valid transactions, ready for curate. */
    JavaRDD<CurateRow> transactions();
}
