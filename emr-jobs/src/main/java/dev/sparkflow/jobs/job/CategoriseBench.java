package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.JobConfigs;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.learn.CategoryModel;
import dev.sparkflow.jobs.learn.Holdout;
import dev.sparkflow.jobs.learn.Holdout.Point;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.sample.SampleHousehold;
import dev.sparkflow.jobs.transform.Categoriser;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;

/**
 * {@code make bench-categorise}: how well categories learned from the household's own rows stand in for the rules.
 * The sample household goes through ingest and curate; of its rows the rules categorised, a share is hidden, the model
 * learns from the rest, and its suggestions for the hidden rows are compared with what the rules said, at several
 * confidence thresholds: coverage (the share of hidden rows it suggests a category for) and accuracy (the share of
 * those suggestions that are right). Two ways to hide: rows at random (a merchant seen before, the usual case of a
 * household's repeat payments) and whole merchants (a merchant never seen, the hard case).
 */
public final class CategoriseBench {
    private static final double[] THRESHOLDS = {0.0, 0.5, 0.6, 0.7, 0.8, 0.9};
    /** The target: at least this accuracy at at least this coverage, rows hidden at random. */
    static final double TARGET_ACCURACY = 0.90, TARGET_COVERAGE = 0.70;

    record Figures(long transactions, long labelled, long categories, long uncategorised, long uncategorisedSuggested,
                   double minConfidence, List<Point> points) {
    }

    private CategoriseBench() {
    }

    public static void run(Path work) {
        Path lake = work.resolve("categorise-lake");
        Demo.deleteTree(lake);
        try (SparkSession spark = SparkSessions.create("sparkflow-bench-categorise")) {
            JobConfig config = JobConfigs.bundled();
            SampleHousehold.write(Bench.landing(config, lake), Demo.SEED);
            Bench.pipeline(spark, config, lake);
            org.apache.spark.sql.Dataset<Row> curated = spark.read().parquet(
                    config.lake().path(lake.toUri().toString(), LakeLayout.CURATED, LakeDataset.TRANSACTIONS.dirName()))
                    .cache();
            Figures figures = measure(curated, config.categories().modelMinConfidence());
            print(figures);
            Bench.write(work.resolve("categorise.json"), ReportStore.json(figures));
        }
    }

    static Figures measure(org.apache.spark.sql.Dataset<Row> curated, double minConfidence) {
        org.apache.spark.sql.Dataset<Row> labelled = CategoryModel.labelled(curated, Categoriser.UNCATEGORISED, Categoriser.TRANSFER).cache();
        List<Point> points = new ArrayList<>();
        points.addAll(Holdout.measure("random rows", labelled, Holdout.hiddenRows(), THRESHOLDS));
        points.addAll(Holdout.measure("unseen merchants", labelled, Holdout.hidden(lower(col(CategoryModel.MERCHANT))),
                THRESHOLDS));
        // What it is for: the rows no rule matched, suggested by a model that learned from every categorised row.
        org.apache.spark.sql.Dataset<Row> open = curated.filter(col(CategoryModel.CATEGORY).equalTo(Categoriser.UNCATEGORISED));
        long suggested = CategoryModel.suggest(CategoryModel.train(labelled), open.drop(CategoryModel.CATEGORY))
                .filter(CategoryModel.taken(minConfidence).isNotNull()).count();
        return new Figures(curated.count(), labelled.count(),
                labelled.select(CategoryModel.CATEGORY).distinct().count(), open.count(), suggested,
                minConfidence, points);
    }

    private static void print(Figures f) {
        System.out.printf(Locale.ROOT, "categorise: household transactions=%d labelled_by_rules=%d categories=%d "
                + "hidden=%d in 10 (by hash)%n", f.transactions(), f.labelled(), f.categories(), Holdout.HIDDEN_TENTHS);
        for (Point p : f.points()) {
            System.out.printf(Locale.ROOT, "split=%-16s threshold=%.2f hidden=%d suggested=%d coverage=%.3f accuracy=%.3f%n",
                    "\"" + p.split() + "\"", p.threshold(), p.hidden(), p.suggested(), p.coverage(), p.accuracy());
        }
        Point target = f.points().stream()
                .filter(p -> p.split().equals("random rows") && p.threshold() == f.minConfidence()).findFirst()
                .orElseThrow();
        boolean pass = target.accuracy() >= TARGET_ACCURACY && target.coverage() >= TARGET_COVERAGE;
        System.out.printf(Locale.ROOT, "  %s  accuracy >= %.0f%% at coverage >= %.0f%% on hidden rows (threshold %.2f): "
                        + "accuracy %.1f%%, coverage %.1f%%%n", pass ? "PASS" : "FAIL", TARGET_ACCURACY * 100,
                TARGET_COVERAGE * 100, f.minConfidence(), target.accuracy() * 100, target.coverage() * 100);
        System.out.printf(Locale.ROOT, "uncategorised by the rules: %d rows; the model suggests a category for %d of "
                + "them at threshold %.2f%n", f.uncategorised(), f.uncategorisedSuggested(), f.minConfidence());
    }
}
