package dev.sparkflow.jobs.parse;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Infers value formats (date pattern, decimal mark, negative forms) from a sample of a column's values. */
public final class Inference {
    private static final Pattern COMMA_DECIMAL = Pattern.compile("^[-+(]?\\d{1,3}(\\.\\d{3})*,\\d{1,2}\\)?-?$|^[-+(]?\\d+,\\d{1,2}\\)?-?$");
    private static final Pattern POINT_DECIMAL = Pattern.compile("^[-+(]?\\d{1,3}(,\\d{3})*\\.\\d{1,2}\\)?-?$|^[-+(]?\\d+\\.\\d{1,2}\\)?-?$");

    private Inference() {
    }

    /** The chosen date format, or why none could be chosen. */
    public record DateChoice(DateFormat format, boolean ambiguous, String detail) {
    }

    /** The candidate that parses most values; a tie between day-first and month-first is ambiguous. */
    public static DateChoice dateFormat(List<String> values) {
        DateFormat best = null;
        int bestCount = 0;
        DateFormat tie = null;
        for (String pattern : DateFormat.CANDIDATES) {
            DateFormat candidate = new DateFormat(pattern);
            int count = 0;
            for (String v : values) {
                if (candidate.parse(v).ok()) count++;
            }
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
                tie = null;
            } else if (count == bestCount && count > 0 && best != null && tie == null
                    && candidate.dayFirst() != best.dayFirst() && sameSeparators(candidate, best)) {
                tie = candidate;
            }
        }
        if (tie != null) {
            return new DateChoice(null, true, "every date fits both " + best.pattern() + " and " + tie.pattern());
        }
        return new DateChoice(best, false, null);
    }

    private static boolean sameSeparators(DateFormat a, DateFormat b) {
        return a.pattern().replaceAll("[dMy]", "").equals(b.pattern().replaceAll("[dMy]", ""))
                && a.pattern().length() == b.pattern().length();
    }

    /** Decimal mark by majority of unambiguous values; parentheses/trailing minus when used often enough. */
    public static NumberStyle numberStyle(List<String> values) {
        int comma = 0, point = 0, parentheses = 0, trailing = 0;
        for (String raw : values) {
            String v = raw.replace("€", "").replace("$", "").replace("£", "").replace(" ", "").trim();
            if (COMMA_DECIMAL.matcher(v).matches()) comma++;
            else if (POINT_DECIMAL.matcher(v).matches()) point++;
            if (v.startsWith("(") && v.endsWith(")")) parentheses++;
            if (v.length() > 1 && v.endsWith("-")) trailing++;
        }
        NumberStyle base = comma > point ? NumberStyle.COMMA : NumberStyle.POINT;
        int threshold = Math.max(2, values.size() / 20);
        Set<NumberStyle.Negative> negatives = EnumSet.of(NumberStyle.Negative.LEADING_MINUS);
        if (parentheses >= threshold) negatives.add(NumberStyle.Negative.PARENTHESES);
        if (trailing >= threshold) negatives.add(NumberStyle.Negative.TRAILING_MINUS);
        return base.withNegatives(negatives);
    }
}
