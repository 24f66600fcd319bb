package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.CategoryRules;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Derives a readable merchant from a bank description: a configured alias when one matches, otherwise the
 * description without payment-method prefixes, references, card numbers and dates, in title case.
 */
public final class MerchantCleaner implements Serializable {
    private static final Pattern PREFIX = Pattern.compile(
            "^(card payment to|card purchase|pos purchase|pos|visa|mastercard|debit card|direct debit|standing order"
                    + "|kartenzahlung|sepa[- ]lastschrift|lastschrift|sepa[- ][üu]berweisung|[üu]berweisung|dauerauftrag"
                    + "|paypal \\*|sq \\*|sumup \\*)\\s*[:\\-]?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern NOISE = Pattern.compile(
            "\\b(ref|referenz|mandat|end-to-end|eref|kref)[:.]?\\s*\\S+|\\S*\\d{4,}\\S*|\\b\\d{1,2}[./]\\d{1,2}([./]\\d{2,4})?\\b",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX = 60;

    private final List<Alias> aliases;

    private record Alias(String name, Pattern pattern) implements Serializable {
    }

    public MerchantCleaner(CategoryRules rules) {
        this.aliases = rules.merchants().stream()
                .map(m -> new Alias(m.name(), Pattern.compile(m.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)))
                .toList();
    }

    public String clean(String description) {
        for (Alias alias : aliases) {
            if (alias.pattern().matcher(description).find()) return alias.name();
        }
        String s = description;
        int memo = s.indexOf(" / ");
        if (memo > 0) s = s.substring(0, memo);
        s = PREFIX.matcher(s.strip()).replaceFirst("");
        int star = s.indexOf('*');
        if (star > 2) s = s.substring(0, star);
        s = NOISE.matcher(s).replaceAll(" ");
        s = s.replaceAll("[^\\p{L}\\p{N}&'. -]", " ").replaceAll("\\s+", " ").strip();
        s = s.replaceAll("^[-.' ]+|[-. ]+$", "");
        if (s.isEmpty()) return description.isBlank() ? "Unknown" : description.strip();
        return titleCase(s.length() > MAX ? s.substring(0, MAX).strip() : s);
    }

    private static String titleCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (String word : s.split(" ")) {
            if (out.length() > 0) out.append(' ');
            boolean acronym = word.length() <= 3 && word.equals(word.toUpperCase(Locale.ROOT)) && word.chars().anyMatch(Character::isLetter);
            out.append(acronym ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
