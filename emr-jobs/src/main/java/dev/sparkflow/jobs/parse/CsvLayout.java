package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FileReport;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A resolved CSV layout: where the header is, what each column means and how values are written.
 * {@code columns} maps a role (date, amount, debit, ...) to a field index.
 */
public record CsvLayout(FileReport.Layout describe, char delimiter, Optional<String> encoding, int headerLine,
                        List<String> header, Map<String, Integer> columns, NumberStyle numbers, DateFormat dates,
                        Pattern footer, Optional<String> account, boolean inverted) {

    /** Summary lines that often follow the table in exports. */
    public static final Pattern GENERIC_FOOTER = Pattern.compile(
            "^\\W*(total|totals|sum|summe|saldo|kontostand|balance|closing balance|opening balance|end of statement)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public CsvLayout {
        header = List.copyOf(header);
        columns = Map.copyOf(columns);
    }

    public boolean has(String role) {
        return columns.containsKey(role);
    }

    /** The field for {@code role}, or "" when the layout has no such column. */
    public String field(List<String> fields, String role) {
        Integer i = columns.get(role);
        return i == null || i >= fields.size() ? "" : fields.get(i);
    }
}
