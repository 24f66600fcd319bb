package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.CategoryRules;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/** Applies the ordered category rules: the first rule whose pattern and direction match wins. */
public final class Categoriser implements Serializable {
    public static final String TRANSFER = "transfer";
    public static final String UNCATEGORISED = "uncategorised";

    private final List<CompiledRule> rules;

    private record CompiledRule(String category, Pattern pattern, String direction) implements Serializable {
    }

    public Categoriser(CategoryRules config) {
        this.rules = config.categories().stream()
                .map(r -> new CompiledRule(r.category(),
                        Pattern.compile(r.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), r.direction()))
                .toList();
    }

    /**
     * The category of money going out ({@code outgoing}) or coming in; transfers between own accounts are labelled
     * {@link #TRANSFER} by the caller, which pairs them.
     */
    public String categorise(String merchant, String description, boolean outgoing) {
        String direction = outgoing ? "out" : "in";
        for (CompiledRule rule : rules) {
            if (!rule.direction().equals("any") && !rule.direction().equals(direction)) continue;
            if (rule.pattern().matcher(merchant).find() || rule.pattern().matcher(description).find()) {
                return rule.category();
            }
        }
        return UNCATEGORISED;
    }
}
