package dev.sparkflow.jobs.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user's corrections from config/category-overrides.csv: a transaction id and the category it has, whatever the
 * rules or the model say (an optional note after them is the user's own). Applied first in curate, and the strongest
 * label the model learns from.
 */
public record CategoryOverrides(Map<String, String> byTransactionId) implements Serializable {
    /** The file's first line, as the repository's empty file has it. */
    public static final String HEADER = "transaction_id,category,note";
    public static final CategoryOverrides NONE = new CategoryOverrides(Map.of());

    public CategoryOverrides {
        byTransactionId = Map.copyOf(byTransactionId);
    }

    /**
     * Reads the CSV: a header line, then {@code transaction_id,category[,note]}; blank lines and lines starting with
     * {@code #} are skipped. A line without both fields, or a second category for one id, fails loudly, naming the line.
     */
    public static CategoryOverrides parse(String csv) {
        Map<String, String> byId = new LinkedHashMap<>();
        String[] lines = csv.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().replace("\uFEFF", "").startsWith("transaction_id,category")) {
            throw new IllegalArgumentException("category-overrides.csv: the first line is the header " + HEADER);
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] fields = line.split(",", 3);
            if (fields.length < 2 || fields[0].isBlank() || fields[1].isBlank()) {
                throw new IllegalArgumentException("category-overrides.csv line " + (i + 1)
                        + ": expected transaction_id,category[,note], got: " + line);
            }
            String before = byId.put(fields[0].strip(), fields[1].strip());
            if (before != null && !before.equals(fields[1].strip())) {
                throw new IllegalArgumentException("category-overrides.csv line " + (i + 1) + ": transaction "
                        + fields[0].strip() + " is already overridden as " + before);
            }
        }
        return new CategoryOverrides(byId);
    }

    /** The category the user gave {@code transactionId}, or null. */
    public String of(String transactionId) {
        return byTransactionId.get(transactionId);
    }
}
