package dev.sparkflow.jobs.learn;

import dev.sparkflow.jobs.model.CategorySource;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;

/**
 * Trains the category model on a household's curated transactions (those an override or a rule categorised) and
 * measures it first: the same rows, 3 in 10 hidden at random, scored by a model that learned from the rest, at the
 * threshold curate will apply.
 */
public final class CategoryTraining {
    /**
     * What a model learned from and how it did on hidden rows. {@code version} and {@code trainedAt} are set by the
     * store that keeps it.
     */
    public record Metrics(String version, String trainedAt, long rowsTrainedOn, long overrides, List<String> categories,
                          double minConfidence, long hiddenRows, long hiddenSuggested, double coverage,
                          double accuracy) {
        public Metrics {
            categories = List.copyOf(categories);
        }

        public Metrics versioned(String version, String trainedAt) {
            return new Metrics(version, trainedAt, rowsTrainedOn, overrides, categories, minConfidence, hiddenRows,
                    hiddenSuggested, coverage, accuracy);
        }
    }

    /** A model and its figures. */
    public record Trained(PipelineModel model, Metrics metrics) {
    }

    private CategoryTraining() {
    }

    /**
     * @param curated       curated transactions with {@code category_source} (rows of every month)
     * @param minConfidence the threshold the measure is taken at
     * @param notLearned    categories that are no category to suggest (see {@link CategoryModel#labelled})
     * @return empty while the rows name fewer than two categories: nothing to tell apart yet
     */
    public static Optional<Trained> train(Dataset<Row> curated, double minConfidence, String... notLearned) {
        Dataset<Row> labelled = CategoryModel.labelled(curated, notLearned).cache();
        try {
            if (labelled.select(CategoryModel.CATEGORY).distinct().limit(2).count() < 2) return Optional.empty();
            Holdout.Point hidden = Holdout.measure("random rows", labelled, Holdout.hiddenRows(), minConfidence).get(0);
            PipelineModel model = CategoryModel.train(labelled);
            List<String> categories = List.of(CategoryScorer.of(model).categories());
            long overrides = labelled.filter(col(CategoryModel.SOURCE).equalTo(CategorySource.OVERRIDE)).count();
            return Optional.of(new Trained(model, new Metrics(null, null, labelled.count(), overrides,
                    categories.stream().sorted().toList(), minConfidence, hidden.hidden(), hidden.suggested(),
                    hidden.coverage(), hidden.accuracy())));
        } finally {
            labelled.unpersist();
        }
    }
}
