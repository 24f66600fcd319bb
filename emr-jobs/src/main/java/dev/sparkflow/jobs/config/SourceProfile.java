package dev.sparkflow.jobs.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** A known export layout from config/profiles/*.yml; matched by its header line. */
public record SourceProfile(String name, String dataset, String encoding, String delimiter, String decimal,
                            String thousands, String dateFormat, List<String> header, Map<String, String> columns,
                            String footerPattern, String account, String amountSign, List<String> negatives)
        implements Serializable {

    public SourceProfile {
        require(name, "name");
        require(dataset, "dataset");
        require(delimiter, "delimiter");
        require(dateFormat, "date_format");
        if (header == null || header.isEmpty() || columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + ": header and columns are required");
        }
        for (String column : columns.values()) {
            if (!header.contains(column)) {
                throw new IllegalArgumentException("profile " + name + ": column '" + column + "' is not in its header");
            }
        }
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("profile " + name + ": delimiter must be one character");
        }
        decimal = decimal == null ? "." : decimal;
        amountSign = amountSign == null ? "normal" : amountSign;
        if (!amountSign.equals("normal") && !amountSign.equals("inverted")) {
            throw new IllegalArgumentException("profile " + name + ": amount_sign is normal or inverted");
        }
        negatives = negatives == null ? List.of("leading_minus") : List.copyOf(negatives);
        header = List.copyOf(header);
        columns = Map.copyOf(columns);
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("profile: '" + key + "' is required");
        }
    }
}
