package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FileReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A resolved CSV layout: where the header is (-1: none) and where the rows start, what each column means and how
 * values are written. {@code roles} maps a role (date, amount, debit, description, ...) to its columns in file
 * order; {@code columnCurrency} holds a currency a header names ("Amount (EUR)"); {@code fileCurrency} the currency
 * the file states elsewhere (preamble, IBAN, sort code, date style), or null; {@code optional} the columns a ragged
 * row may leave out.
 */
public record CsvLayout(FileReport.Layout describe, char delimiter, Optional<String> encoding, int headerLine,
                        int firstRow, List<String> header, int width, Map<String, List<Integer>> roles,
                        Map<Integer, String> columnCurrency, NumberStyle numbers, DateReader dates, Pattern footer,
                        Optional<String> account, boolean inverted, String fileCurrency, Set<Integer> optional) {

    /** Summary lines that often follow the table in exports. */
    public static final Pattern GENERIC_FOOTER = Pattern.compile(
            "^\\W*(total|totals|transactions total|total pending|sum|summe|saldo|kontostand|balance|closing balance|opening balance|end of statement"
                    + "|anfangssaldo|endsaldo|schlusssaldo|alter kontostand|neuer kontostand|beginsaldo|eindsaldo"
                    + "|solde|totaal|totale|saldo inicial|saldo final|ending balance|beginning balance|available balance"
                    + "|current balance|account balance|disclaimer|the data and information|brokerage services"
                    + "|\\*|date downloaded|downloaded|export|generated|erstellt|exportiert|gesamt|summen|umsätze gesamt"
                    + "|number of transactions|anzahl|aantal|nombre d|encours|-{3,}|={3,})",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public CsvLayout {
        header = List.copyOf(header);
        roles = Map.copyOf(roles);
        columnCurrency = Map.copyOf(columnCurrency);
        optional = Set.copyOf(optional);
    }

    public boolean has(String role) {
        return roles.containsKey(role);
    }

    /** The first column of {@code role}, or null. */
    public Integer index(String role) {
        List<Integer> at = roles.get(role);
        return at == null || at.isEmpty() ? null : at.get(0);
    }

    /** The field for {@code role} (its first column), or "" when the layout has no such column. */
    public String field(List<String> fields, String role) {
        Integer i = index(role);
        return i == null || i >= fields.size() ? "" : fields.get(i);
    }

    /** Every column's value for {@code role}, in file order (missing trailing fields as ""). */
    public List<String> fields(List<String> fields, String role) {
        List<Integer> at = roles.get(role);
        if (at == null) return List.of();
        List<String> out = new ArrayList<>(at.size());
        for (int i : at) out.add(i < fields.size() ? fields.get(i) : "");
        return out;
    }

    /** The header name of a column, or "column N" in a file without a header. */
    public String name(int column) {
        return column < header.size() ? header.get(column) : "column " + (column + 1);
    }
}
