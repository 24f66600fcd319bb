package dev.sparkflow.jobs.learn;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Arrays;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Categories learned from the household's own categorised transactions, for the rows no rule matches.
 *
 * <p>A row is described by the words of its merchant and description, its direction, its account and the order of
 * magnitude of its amount ({@code amt_2} for 100 to 999), weighted by how rare each is (TF-IDF over hashed words),
 * and a multinomial logistic regression learns the category from them. Its probability for the category it picks is
 * the suggestion's confidence; below the threshold the row stays uncategorised. The whole path from curated columns
 * to the suggestion is one Spark ML pipeline, so the saved model needs nothing else to be applied.
 */
public final class CategoryModel {
    /** Curated columns the model reads. */
    public static final String MERCHANT = "merchant", DESCRIPTION = "description", DIRECTION = "direction",
            ACCOUNT = "account_id", AMOUNT = "amount", CATEGORY = "category";
    /** Columns a suggestion adds. */
    public static final String SUGGESTED = "suggested_category", CONFIDENCE = "category_confidence";
    /** Below this confidence a suggestion is not taken (`make bench-categorise` shows what it trades). */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.6;

    private static final String TEXT = "features_text", TOKENS = "tokens", COUNTS = "term_counts",
            FEATURES = "features", LABEL = "label", PREDICTION = "prediction", PROBABILITY = "probability";
    private static final int HASHED_FEATURES = 1 << 16;

    private CategoryModel() {
    }

    /**
     * Learns from {@code labelled} (curated transactions whose category is one to learn: neither uncategorised nor a
     * transfer; the caller chooses). Fails when fewer than two categories are given: there is nothing to tell apart.
     */
    public static PipelineModel train(Dataset<Row> labelled) {
        StringIndexerModel labels = new StringIndexer().setInputCol(CATEGORY).setOutputCol(LABEL)
                .setHandleInvalid("keep").fit(labelled);
        String[] names = labels.labelsArray()[0];
        if (names.length < 2) {
            throw new IllegalArgumentException("learning categories needs rows of at least two categories, got "
                    + names.length);
        }
        PipelineStage[] stages = {
                labels,
                new SQLTransformer().setStatement("SELECT *, " + featureText() + " AS " + TEXT + " FROM __THIS__"),
                new RegexTokenizer().setInputCol(TEXT).setOutputCol(TOKENS).setPattern("[^\\p{L}\\p{N}_]+")
                        .setMinTokenLength(2),
                new HashingTF().setInputCol(TOKENS).setOutputCol(COUNTS).setNumFeatures(HASHED_FEATURES),
                new IDF().setInputCol(COUNTS).setOutputCol(FEATURES),
                new LogisticRegression().setFamily("multinomial").setLabelCol(LABEL).setFeaturesCol(FEATURES)
                        .setRegParam(0.01).setMaxIter(100),
                new IndexToString().setInputCol(PREDICTION).setOutputCol(SUGGESTED).setLabels(names)};
        return new Pipeline().setStages(stages).fit(labelled);
    }

    /**
     * {@code rows} with {@link #SUGGESTED} and {@link #CONFIDENCE} added (the model's best category and its
     * probability, whatever the threshold), and the model's working columns dropped.
     */
    public static Dataset<Row> suggest(PipelineModel model, Dataset<Row> rows) {
        // The label indexer reads the category column even when predicting: rows without one get an empty one.
        Dataset<Row> in = Arrays.asList(rows.columns()).contains(CATEGORY) ? rows : rows.withColumn(CATEGORY, lit(""));
        return model.transform(in)
                .withColumn(CONFIDENCE, array_max(vector_to_array(col(PROBABILITY), "float64")))
                .drop(LABEL, TEXT, TOKENS, COUNTS, FEATURES, "rawPrediction", PROBABILITY, PREDICTION);
    }

    /** The suggestion where it is confident enough, else null. */
    public static Column taken(double minConfidence) {
        return when(col(CONFIDENCE).geq(minConfidence), col(SUGGESTED));
    }

    /** The words the model sees for a row, as SQL over the curated columns. */
    static String featureText() {
        return "lower(concat_ws(' ', " + MERCHANT + ", " + DESCRIPTION + ", concat('dir_', " + DIRECTION + "), "
                + "concat('acct_', regexp_replace(" + ACCOUNT + ", '[^A-Za-z0-9]', '_')), "
                + "concat('amt_', cast(floor(log10(abs(cast(" + AMOUNT + " AS double)) + 1)) AS int))))";
    }
}
