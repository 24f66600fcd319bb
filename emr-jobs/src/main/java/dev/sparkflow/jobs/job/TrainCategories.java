package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.ModelStore;
import dev.sparkflow.jobs.learn.CategoryTraining;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.transform.CurateTransactions;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.Locale;

/**
 * {@code train-categories}: learns categories from every curated transaction an override or a rule categorised, and
 * keeps the model as a new version in the lake's models zone, current from then on. Curate applies it to the rows no
 * rule matches; {@code recategorise} applies it to the months already curated.
 */
public final class TrainCategories {
    private TrainCategories() {
    }

    /** Trains and saves a new version; returns its figures. */
    public static CategoryTraining.Metrics run(SparkSession spark, JobConfig config, String lake) {
        LakeFs fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
        String path = config.lake().path(lake, LakeLayout.CURATED, LakeDataset.TRANSACTIONS.dirName());
        if (!fs.exists(path)) throw new IllegalArgumentException("no curated transactions at " + path + " to learn from");
        ModelStore store = ModelStore.of(fs, config.lake(), lake).orElseThrow(() -> new IllegalArgumentException(
                "lake.yml names no '" + LakeLayout.MODELS + "' zone to keep the model in"));
        double threshold = config.categories().modelMinConfidence();
        CategoryTraining.Trained trained = CategoryTraining.train(
                CurateTransactions.withStatus(spark.read().option("mergeSchema", "true").parquet(path)), threshold);
        return store.save(trained, Instant.now());
    }

    /** The figures in one line, as the demo and the DAG's log show them. */
    public static String line(CategoryTraining.Metrics m) {
        return String.format(Locale.ROOT, "category model %s: trained on %,d rows (%,d overrides), %d categories; "
                        + "hidden rows %,d: coverage %.1f%%, accuracy %.1f%% at confidence >= %.2f", m.version(),
                m.rowsTrainedOn(), m.overrides(), m.categories().size(), m.hiddenRows(), m.coverage() * 100,
                m.accuracy() * 100, m.minConfidence());
    }
}
