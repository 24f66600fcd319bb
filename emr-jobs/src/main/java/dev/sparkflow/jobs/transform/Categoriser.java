package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.CategoryRules;

import java.io.Serializable;
import java.math.BigDecimal;
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

    public String categorise(String merchant, String description, BigDecimal amount, boolean transfer) {
        if (transfer) return TRANSFER;
        String direction = amount.signum() < 0 ? "out" : "in";
        for (CompiledRule rule : rules) {
            if (!rule.direction().equals("any") && !rule.direction().equals(direction)) continue;
            if (rule.pattern().matcher(merchant).find() || rule.pattern().matcher(description).find()) {
                return rule.category();
            }
        }
        return UNCATEGORISED;
    }
}
