package dev.sparkflow.jobs.model;

import java.util.List;

/** Where a curated transaction's category came from: the column {@code category_source}, strongest first. */
public final class CategorySource {
    /** config/category-overrides.csv named the row: the user's word beats everything. */
    public static final String OVERRIDE = "override";
    /** A leg of a transfer between the owner's accounts. */
    public static final String TRANSFER = "transfer";
    /** A rule of config/categories.yml matched. */
    public static final String RULE = "rule";
    /** The learned model was at least {@code model_min_confidence} sure. */
    public static final String MODEL = "model";
    /** Nothing categorised the row: it is uncategorised (a model's lower confidence may be kept beside it). */
    public static final String NONE = "none";
    /** Every source, strongest first. */
    public static final List<String> ALL = List.of(OVERRIDE, TRANSFER, RULE, MODEL, NONE);
    /** The sources whose categories the model learns from: the user's and the rules', never its own. */
    public static final List<String> LEARNED_FROM = List.of(OVERRIDE, RULE);

    private CategorySource() {
    }
}
