package dev.sparkflow.jobs.learn;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained {@link CategoryModel} applied to one row at a time, without a Dataset: the same words, hashed term counts
 * weighted by the same IDF, and the regression's own {@code predictProbability}. Curate scores the rows no rule
 * matched inside its per-partition pass with it (broadcast once), instead of a second pass over the months.
 */
public final class CategoryScorer implements Serializable {
    /** The best category and the model's probability for it. */
    public record Suggestion(String category, double confidence) implements Serializable {
    }

    private final HashingTF hashing;
    private final double[] idf;
    private final LogisticRegressionModel regression;
    private final String[] labels;

    private CategoryScorer(HashingTF hashing, double[] idf, LogisticRegressionModel regression, String[] labels) {
        this.hashing = hashing;
        this.idf = idf;
        this.regression = regression;
        this.labels = labels;
    }

    /** The stages of a model {@link CategoryModel#train} made. */
    public static CategoryScorer of(PipelineModel model) {
        HashingTF hashing = null;
        IDFModel idf = null;
        LogisticRegressionModel regression = null;
        IndexToString labels = null;
        for (Transformer stage : model.stages()) {
            if (stage instanceof HashingTF h) hashing = h;
            else if (stage instanceof IDFModel i) idf = i;
            else if (stage instanceof LogisticRegressionModel r) regression = r;
            else if (stage instanceof IndexToString s) labels = s;
        }
        if (hashing == null || idf == null || regression == null || labels == null) {
            throw new IllegalArgumentException("not a category model: its stages are " + model.stages().length
                    + " of other kinds");
        }
        return new CategoryScorer(hashing, idf.idf().toArray(), regression, labels.getLabels());
    }

    /** The model's suggestion for one curated row. */
    public Suggestion score(String merchant, String description, String direction, String account, BigDecimal amount) {
        Map<Integer, Double> counts = new TreeMap<>();
        for (String word : CategoryModel.words(merchant, description, direction, account, amount)) {
            counts.merge(hashing.indexOf(word), 1.0, Double::sum);
        }
        int[] indices = new int[counts.size()];
        double[] values = new double[counts.size()];
        int k = 0;
        for (Map.Entry<Integer, Double> e : counts.entrySet()) {
            indices[k] = e.getKey();
            values[k++] = e.getValue() * idf[e.getKey()];
        }
        Vector probability = regression.predictProbability(Vectors.sparse(idf.length, indices, values));
        int best = probability.argmax();
        return new Suggestion(labels[best], probability.apply(best));
    }

    /** The categories it can suggest. */
    public String[] categories() {
        return labels.clone();
    }
}
