package dev.sparkflow.jobs.config;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Merchant aliases and ordered category rules from config/categories.yml, and how sure the learned model must be
 * ({@code model_min_confidence}, default {@value #DEFAULT_MODEL_MIN_CONFIDENCE}) for its category to be taken.
 */
public record CategoryRules(List<Merchant> merchants, List<Rule> categories, List<String> extraCategories,
                            Double modelMinConfidence) implements Serializable {
    /** The threshold when categories.yml names none ({@code make bench-categorise} shows what it trades). */
    public static final double DEFAULT_MODEL_MIN_CONFIDENCE = 0.6;

    /** A canonical merchant name for descriptions matching {@code pattern}. */
    public record Merchant(String name, String pattern) implements Serializable {
        public Merchant {
            compile(pattern);
        }
    }

    /** Assigns {@code category} when {@code pattern} matches and the money moves in {@code direction}. */
    public record Rule(String category, String pattern, String direction) implements Serializable {
        public Rule {
            compile(pattern);
            direction = direction == null ? "any" : direction;
            if (!Set.of("in", "out", "any").contains(direction)) {
                throw new IllegalArgumentException("categories.yml: direction is in, out or any, not " + direction);
            }
        }
    }

    public CategoryRules {
        merchants = merchants == null ? List.of() : List.copyOf(merchants);
        categories = List.copyOf(categories);
        extraCategories = extraCategories == null ? List.of() : List.copyOf(extraCategories);
        modelMinConfidence = modelMinConfidence == null ? DEFAULT_MODEL_MIN_CONFIDENCE : modelMinConfidence;
        if (modelMinConfidence < 0 || modelMinConfidence > 1) {
            throw new IllegalArgumentException("categories.yml: model_min_confidence is between 0 and 1, not "
                    + modelMinConfidence);
        }
    }

    /** The rules with the threshold unset (the default). */
    public CategoryRules(List<Merchant> merchants, List<Rule> categories, List<String> extraCategories) {
        this(merchants, categories, extraCategories, null);
    }

    /** Every category a budget may name. */
    public Set<String> knownCategories() {
        Set<String> known = new LinkedHashSet<>();
        categories.forEach(r -> known.add(r.category()));
        known.addAll(extraCategories);
        return known;
    }

    static Pattern compile(String pattern) {
        return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
