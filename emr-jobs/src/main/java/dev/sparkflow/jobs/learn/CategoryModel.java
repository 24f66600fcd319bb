package dev.sparkflow.jobs.learn;

import dev.sparkflow.jobs.model.CategorySource;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Categories learned from the household's own categorised transactions, for the rows no rule matches.
 *
 * <p>A row is described by the words of its merchant and description, its direction, its account and the order of
 * magnitude of its amount ({@code amt_2} for 100 to 999) ({@link #words}, the one definition, used by training and by
 * curate's row-by-row {@link CategoryScorer} alike), weighted by how rare each is (TF-IDF over hashed words), and a
 * multinomial logistic regression learns the category from them. Its probability for the category it picks is the
 * suggestion's confidence; below the threshold the row stays uncategorised.
 */
public final class CategoryModel {
    /** Curated columns the model reads. */
    public static final String MERCHANT = "merchant", DESCRIPTION = "description", DIRECTION = "direction",
            ACCOUNT = "account_id", AMOUNT = "amount", CATEGORY = "category", SOURCE = "category_source";
    /** Columns a suggestion adds. */
    public static final String SUGGESTED = "suggested_category", CONFIDENCE = "category_confidence";
    /** An override counts as this many rule-labelled rows: the user's own word is the strongest label. */
    public static final double OVERRIDE_WEIGHT = 5.0;

    static final String TOKENS = "tokens", COUNTS = "term_counts", FEATURES = "features", LABEL = "label",
            WEIGHT = "label_weight", PREDICTION = "prediction", PROBABILITY = "probability";
    /**
     * Hashed word buckets: a household's few thousand distinct words fit with few collisions, and every bucket is a
     * coefficient per category that each training iteration moves. With 2^16 buckets and one task per curated month,
     * the demo's training took 142 s; with 2^14 and one partition per core, 81 s (both on a loaded 2-core machine,
     * the two changes measured together); `make bench-categorise` gave the same figures with both.
     */
    static final int HASHED_FEATURES = 1 << 14;
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}_]+"), NOT_ALNUM = Pattern.compile("[^A-Za-z0-9]");
    private static final UserDefinedFunction WORDS = udf(
            (UDF5<String, String, String, String, BigDecimal, String[]>) CategoryModel::words,
            DataTypes.createArrayType(DataTypes.StringType));

    private CategoryModel() {
    }

    /**
     * The curated rows the model learns from: categorised by an override or a rule (never by the model itself, nor
     * transfers), an override weighing {@link #OVERRIDE_WEIGHT} rows; {@code notLearned} names categories that are no
     * category to suggest (uncategorised, transfer), even when an override gave them.
     */
    public static Dataset<Row> labelled(Dataset<Row> curated, String... notLearned) {
        // A household's rows in one partition per core: each of the regression's iterations is a Spark job over them,
        // and one task per curated month made the jobs' overhead the cost.
        return curated.filter(col(SOURCE).isin(CategorySource.LEARNED_FROM.toArray()))
                .filter(col(CATEGORY).isin((Object[]) notLearned).unary_$bang())
                .coalesce(curated.sparkSession().sparkContext().defaultParallelism())
                .withColumn(WEIGHT, when(col(SOURCE).equalTo(CategorySource.OVERRIDE), lit(OVERRIDE_WEIGHT)).otherwise(lit(1.0)));
    }

    /**
     * Learns from {@code labelled} (curated transactions whose category is one to learn, e.g. from {@link #labelled};
     * a {@value #WEIGHT} column, when present, weighs each row). Fails when fewer than two categories are given:
     * there is nothing to tell apart.
     */
    public static PipelineModel train(Dataset<Row> labelled) {
        StringIndexerModel labels = new StringIndexer().setInputCol(CATEGORY).setOutputCol(LABEL)
                .setHandleInvalid("keep").fit(labelled);
        String[] names = labels.labelsArray()[0];
        if (names.length < 2) {
            throw new IllegalArgumentException("learning categories needs rows of at least two categories, got "
                    + names.length);
        }
        LogisticRegression regression = new LogisticRegression().setFamily("multinomial").setLabelCol(LABEL)
                .setFeaturesCol(FEATURES).setRegParam(0.01).setMaxIter(100);
        if (Arrays.asList(labelled.columns()).contains(WEIGHT)) regression.setWeightCol(WEIGHT);
        PipelineStage[] stages = {
                labels,
                new HashingTF().setInputCol(TOKENS).setOutputCol(COUNTS).setNumFeatures(HASHED_FEATURES),
                new IDF().setInputCol(COUNTS).setOutputCol(FEATURES),
                regression,
                new IndexToString().setInputCol(PREDICTION).setOutputCol(SUGGESTED).setLabels(names)};
        return new Pipeline().setStages(stages).fit(withWords(labelled));
    }

    /**
     * {@code rows} with {@link #SUGGESTED} and {@link #CONFIDENCE} added (the model's best category and its
     * probability, whatever the threshold), and the model's working columns dropped.
     */
    public static Dataset<Row> suggest(PipelineModel model, Dataset<Row> rows) {
        // The label indexer reads the category column even when predicting: rows without one get an empty one.
        Dataset<Row> in = Arrays.asList(rows.columns()).contains(CATEGORY) ? rows : rows.withColumn(CATEGORY, lit(""));
        return model.transform(withWords(in))
                .withColumn(CONFIDENCE, array_max(vector_to_array(col(PROBABILITY), "float64")))
                .drop(LABEL, TOKENS, COUNTS, FEATURES, "rawPrediction", PROBABILITY, PREDICTION);
    }

    /** The suggestion where it is confident enough, else null. */
    public static Column taken(double minConfidence) {
        return when(col(CONFIDENCE).geq(minConfidence), col(SUGGESTED));
    }

    /**
     * The words the model sees for a row: those of its merchant and description (two characters or more, lower case),
     * {@code dir_<direction>}, {@code acct_<account>} and {@code amt_<digits before the point - 1>}.
     */
    public static String[] words(String merchant, String description, String direction, String account, BigDecimal amount) {
        List<String> parts = new ArrayList<>(5);
        if (merchant != null) parts.add(merchant);
        if (description != null) parts.add(description);
        parts.add("dir_" + direction);
        parts.add("acct_" + NOT_ALNUM.matcher(account).replaceAll("_"));
        parts.add("amt_" + (int) Math.floor(Math.log10(Math.abs(amount.doubleValue()) + 1)));
        return Arrays.stream(SPLIT.split(String.join(" ", parts).toLowerCase(Locale.ROOT)))
                .filter(w -> w.length() >= 2).toArray(String[]::new);
    }

    private static Dataset<Row> withWords(Dataset<Row> rows) {
        return rows.withColumn(TOKENS, WORDS.apply(col(MERCHANT), col(DESCRIPTION), col(DIRECTION), col(ACCOUNT), col(AMOUNT)));
    }
}
