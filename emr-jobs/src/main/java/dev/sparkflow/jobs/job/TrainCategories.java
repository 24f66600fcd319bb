package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.ModelStore;
import dev.sparkflow.jobs.learn.CategoryTraining;
import dev.sparkflow.jobs.model.CategorySource;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.transform.Categoriser;
import dev.sparkflow.jobs.transform.CurateTransactions;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code train-categories}: learns categories from every curated transaction an override or a rule categorised, and
 * keeps the model as a new version in the lake's models zone, current from then on. Curate applies it to the rows no
 * rule matches; {@code recategorise} applies it to the months already curated.
 */
public final class TrainCategories {
    private TrainCategories() {
    }

    /**
     * Trains and saves a new version; returns its figures, or empty (no version written, the current one stays) while
     * the curated rows name fewer than two categories to learn.
     */
    public static Optional<CategoryTraining.Metrics> run(SparkSession spark, JobConfig config, String lake) {
        LakeFs fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
        String path = config.lake().path(lake, LakeLayout.CURATED, LakeDataset.TRANSACTIONS.dirName());
        if (!fs.exists(path)) throw new IllegalArgumentException("no curated transactions at " + path + " to learn from");
        ModelStore store = ModelStore.of(fs, config.lake(), lake).orElseThrow(() -> new IllegalArgumentException(
                "lake.yml names no '" + LakeLayout.MODELS + "' zone to keep the model in"));
        double threshold = config.categories().modelMinConfidence();
        return CategoryTraining.train(
                CurateTransactions.withStatus(spark.read().option("mergeSchema", "true").parquet(path)), threshold,
                Categoriser.UNCATEGORISED, Categoriser.TRANSFER).map(trained -> store.save(trained, Instant.now()));
    }

    /** A new model and the curated transactions labelled again with it. */
    public record Applied(CategoryTraining.Metrics metrics, CurateReport.DatasetOutcome recategorised) {
    }

    /**
     * Trains, then (when a model was made) labels every curated month again with it, so the rows it is sure of reach
     * the curated data and the marts; prints what it did.
     */
    public static Optional<Applied> trainAndApply(SparkSession spark, JobConfig config, String lake, Progress progress,
                                                  PrintStream out) {
        Progress.Stage stage = progress.start("train category model");
        Optional<CategoryTraining.Metrics> trained = run(spark, config, lake);
        stage.done(trained.map(m -> "version " + m.version()).orElse("nothing to learn"));
        if (trained.isEmpty()) {
            out.println(NOTHING_TO_LEARN);
            return Optional.empty();
        }
        CurateReport.DatasetOutcome after = new CurateJob(spark, config, progress).recategorise(lake);
        out.println(line(trained.get()));
        Map<String, Long> bySource = after.rowsByCategorySource();
        long model = bySource.getOrDefault(CategorySource.MODEL, 0L), none = bySource.getOrDefault(CategorySource.NONE, 0L);
        out.printf(Locale.ROOT, "Learned categories: %,d of the %,d rows no override or rule categorised (confidence >= "
                        + "%.2f); %,d stay uncategorised. Rows by category source: %s%n", model, model + none,
                trained.get().minConfidence(), none, bySource);
        return Optional.of(new Applied(trained.get(), after));
    }

    /** What training says when there was nothing to learn. */
    public static final String NOTHING_TO_LEARN = "category model: not trained, the curated rows name fewer than two "
            + "categories an override or a rule gave; curate goes on with overrides and rules alone";

    /** The figures in one line, as the demo and the DAG's log show them. */
    public static String line(CategoryTraining.Metrics m) {
        return String.format(Locale.ROOT, "category model %s: trained on %,d rows (%,d overrides), %d categories; "
                        + "hidden rows %,d: coverage %.1f%%, accuracy %.1f%% at confidence >= %.2f", m.version(),
                m.rowsTrainedOn(), m.overrides(), m.categories().size(), m.hiddenRows(), m.coverage() * 100,
                m.accuracy() * 100, m.minConfidence());
    }
}
