package dev.sparkflow.jobs.parse;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** How a layout writes amounts: decimal mark, thousands mark (or none), accepted negative forms. */
public record NumberStyle(char decimal, Character thousands, Set<Negative> negatives) implements Serializable {

    /** Ways an export writes a negative amount. */
    public enum Negative {
        LEADING_MINUS, PARENTHESES, TRAILING_MINUS;

        public static Negative parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static final NumberStyle POINT = new NumberStyle('.', ',', EnumSet.of(Negative.LEADING_MINUS));
    public static final NumberStyle COMMA = new NumberStyle(',', '.', EnumSet.of(Negative.LEADING_MINUS));

    public NumberStyle {
        if (decimal != '.' && decimal != ',') {
            throw new IllegalArgumentException("decimal mark must be '.' or ','");
        }
        negatives = negatives.isEmpty() ? EnumSet.noneOf(Negative.class) : EnumSet.copyOf(negatives);
    }

    public NumberStyle withNegatives(Set<Negative> allowed) {
        return new NumberStyle(decimal, thousands, allowed);
    }
}
