package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.CategoryOverrides;
import dev.sparkflow.jobs.learn.CategoryScorer;
import dev.sparkflow.jobs.model.CategorySource;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A curated transaction's category and where it came from, strongest first: the user's override, a transfer between
 * own accounts, the first matching rule, then the learned model (when there is one) if it is at least
 * {@code minConfidence} sure; otherwise the row stays uncategorised, keeping the model's lower confidence.
 *
 * @param model the current model, broadcast once per curate (null: no model trained yet, curate as before)
 */
public record CategoryLabels(CategoryOverrides overrides, Broadcast<CategoryScorer> model, double minConfidence)
        implements Serializable {
    /** No overrides and no model: the rules alone. */
    public static final CategoryLabels RULES_ONLY = new CategoryLabels(CategoryOverrides.NONE, null, 1.0);

    /** A row's category, its source and the model's confidence (null where the model was not asked). */
    public record Label(String category, String source, Double confidence) {
    }

    private static final Label TRANSFER = new Label(Categoriser.TRANSFER, CategorySource.TRANSFER, null),
            NONE = new Label(Categoriser.UNCATEGORISED, CategorySource.NONE, null);

    /**
     * @param ruleCategory what the rules said ({@link Categoriser#UNCATEGORISED} when none matched)
     * @param transfer     whether the row is a leg of a transfer
     */
    Label label(CurateRow row, String merchant, String description, String ruleCategory, boolean transfer) {
        String override = overrides.of(row.id);
        if (override != null) return new Label(override, CategorySource.OVERRIDE, null);
        if (transfer) return TRANSFER;
        if (!Categoriser.UNCATEGORISED.equals(ruleCategory)) return new Label(ruleCategory, CategorySource.RULE, null);
        if (model == null) return NONE;
        CategoryScorer.Suggestion s = model.value().score(merchant, description, row.direction(), row.accountId,
                BigDecimal.valueOf(row.cents, 2));
        return s.confidence() >= minConfidence ? new Label(s.category(), CategorySource.MODEL, s.confidence())
                : new Label(Categoriser.UNCATEGORISED, CategorySource.NONE, s.confidence());
    }
}
