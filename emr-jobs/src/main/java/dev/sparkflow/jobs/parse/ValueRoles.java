package dev.sparkflow.jobs.parse;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Column roles read from the values when a file has no header (Wells Fargo, HSBC, CommBank, ABN AMRO's TAB export)
 * or a header in no dictionary: the delimiter that splits most lines into the same number of fields, the first
 * column of dates, the amount among the numeric columns (two columns never filled together are debit and credit;
 * a column that never goes negative next to one that does is a balance), a column of one currency code, a column
 * of one account number, and the text columns as the description.
 */
final class ValueRoles {
    private static final int SCAN_LINES = 2000;

    private ValueRoles() {
    }

    /** Roles found from values: the header line if there is an unrecognised one (-1 if none), and the first row. */
    record Found(List<String> header, char delimiter, Map<String, List<Integer>> roles, int headerLine, int firstRow) {
    }

    static Optional<Found> find(List<DecodedText.Line> lines, LocalDate ingestDate) {
        char delimiter = 0;
        int width = 0, bestCount = 0;
        int scan = Math.min(lines.size(), SCAN_LINES);
        for (char d : LayoutResolver.DELIMITERS) {
            Map<Integer, Integer> sizes = new HashMap<>();
            for (int i = 0; i < scan; i++) {
                if (lines.get(i).isBlank()) continue;
                CsvSplitter.Split s = CsvSplitter.split(lines.get(i).text(), d);
                if (s.ok() && s.fields().size() >= 3) sizes.merge(s.fields().size(), 1, Integer::sum);
            }
            for (Map.Entry<Integer, Integer> e : sizes.entrySet()) {
                if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() > width) {
                    bestCount = e.getValue();
                    width = e.getKey();
                    delimiter = d;
                }
            }
        }
        if (bestCount < 1) return Optional.empty();
        List<Integer> rowLines = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < scan; i++) {
            CsvSplitter.Split s = CsvSplitter.split(lines.get(i).text(), delimiter);
            if (s.ok() && s.fields().size() == width) {
                rowLines.add(i);
                rows.add(s.fields());
            }
        }
        Map<String, List<Integer>> roles = new LinkedHashMap<>();
        List<Integer> numeric = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            List<String> values = LayoutResolver.column(rows, c);
            if (values.isEmpty()) continue;
            if (isDates(values, ingestDate)) {
                roles.computeIfAbsent(roles.containsKey("date") ? "value_date" : "date", r -> new ArrayList<>()).add(c);
            } else if (values.stream().distinct().count() == 1 && AccountClues.iban(values.get(0)).isPresent()
                    || values.stream().distinct().count() == 1 && values.get(0).replaceAll("\\D", "").length() >= 6
                    && values.size() * 2 >= rows.size()) {
                roles.computeIfAbsent("account", r -> new ArrayList<>()).add(c);
            } else if (values.stream().allMatch(v -> v.strip().matches("\\d{6,}")) && values.stream().distinct().count() <= 3
                    && values.size() * 2 >= rows.size()) {
                roles.computeIfAbsent("account", r -> new ArrayList<>()).add(c);
            } else if (values.stream().allMatch(v -> Currencies.normalise(v) != null)) {
                roles.computeIfAbsent("currency", r -> new ArrayList<>()).add(c);
            } else if (isAmounts(values)) {
                numeric.add(c);
            } else if (isText(values)) {
                roles.computeIfAbsent("description", r -> new ArrayList<>()).add(c);
            }
        }
        if (!roles.containsKey("date") || numeric.isEmpty()) return Optional.empty();
        assignNumbers(rows, numeric, roles);
        int dateColumn = roles.get("date").get(0);
        DateReader any = Inference.dateStyle(LayoutResolver.column(rows, dateColumn), ingestDate, null).format();
        int firstRow = -1;
        for (int k = 0; k < rowLines.size(); k++) {
            String cell = rows.get(k).get(dateColumn);
            if (any == null ? !cell.isBlank() : any.parse(cell).ok()) {
                firstRow = rowLines.get(k);
                break;
            }
        }
        if (firstRow < 0) return Optional.empty();
        int headerLine = -1;
        List<String> header = Collections.nCopies(width, "");
        for (int i = firstRow - 1; i >= 0; i--) {
            if (lines.get(i).isBlank()) continue;
            CsvSplitter.Split s = CsvSplitter.split(lines.get(i).text(), delimiter);
            if (s.ok() && s.fields().size() == width) {
                headerLine = i;
                header = s.fields();
            }
            break;
        }
        return Optional.of(new Found(header, delimiter, roles, headerLine, firstRow));
    }

    private static boolean isDates(List<String> values, LocalDate ingestDate) {
        Inference.DateChoice choice = Inference.dateStyle(values, ingestDate, null);
        DateReader reader = choice.format() != null ? choice.format() : choice.ambiguous() ? new DateStyle(DateStyle.Order.DMY) : null;
        if (reader == null) return false;
        long ok = values.stream().filter(v -> reader.parse(v).ok()).count();
        return ok * 10 >= values.size() * 8;
    }

    private static boolean isAmounts(List<String> values) {
        long numbers = values.stream().filter(AmountParser::looksNumeric).count();
        long decimals = values.stream().filter(v -> v.matches(".*\\d[.,]\\d{2}\\b.*|.*[-+(].*|.*[€$£].*")).count();
        return numbers * 10 >= values.size() * 8 && decimals * 2 >= values.size();
    }

    private static boolean isText(List<String> values) {
        long letters = values.stream().filter(v -> v.codePoints().filter(Character::isLetter).count() >= 2).count();
        return letters * 2 >= values.size() && values.stream().distinct().count() > 1;
    }

    /** Debit/credit when two numeric columns are never filled together; else the one that goes negative is the amount. */
    private static void assignNumbers(List<List<String>> rows, List<Integer> numeric, Map<String, List<Integer>> roles) {
        NumberStyle style = Inference.numberStyle(numeric.stream().flatMap(c -> LayoutResolver.column(rows, c).stream()).toList());
        for (int a = 0; a < numeric.size(); a++) {
            for (int b = a + 1; b < numeric.size(); b++) {
                if (exclusive(rows, numeric.get(a), numeric.get(b))) {
                    roles.put("debit", new ArrayList<>(List.of(numeric.get(a))));
                    roles.put("credit", new ArrayList<>(List.of(numeric.get(b))));
                    List<Integer> rest = new ArrayList<>(numeric);
                    rest.remove(numeric.get(b));
                    rest.remove(numeric.get(a));
                    if (!rest.isEmpty()) roles.put("balance", rest);
                    return;
                }
            }
        }
        for (int a : numeric) {
            for (int b : numeric) {
                if (a != b && runningBalance(rows, a, b, style)) {
                    roles.put("amount", new ArrayList<>(List.of(a)));
                    List<Integer> rest = new ArrayList<>(numeric);
                    rest.remove(Integer.valueOf(a));
                    roles.put("balance", rest);
                    return;
                }
            }
        }
        int amount = numeric.get(0);
        long mostNegative = -1;
        for (int c : numeric) {
            long negative = 0;
            for (String v : LayoutResolver.column(rows, c)) {
                AmountParser.Result r = AmountParser.parse(v, style);
                if (r.ok() && r.value().signum() < 0) negative++;
            }
            if (negative > mostNegative) {
                mostNegative = negative;
                amount = c;
            }
        }
        roles.put("amount", new ArrayList<>(List.of(amount)));
        List<Integer> rest = new ArrayList<>(numeric);
        rest.remove(Integer.valueOf(amount));
        if (!rest.isEmpty()) roles.put("balance", rest);
    }

    /** Whether column {@code b} is the running balance of amounts in {@code a}, in either row order. */
    private static boolean runningBalance(List<List<String>> rows, int a, int b, NumberStyle style) {
        int fits = 0, steps = 0;
        for (int i = 1; i < rows.size(); i++) {
            BigDecimal amount = value(rows.get(i).get(a), style), prevAmount = value(rows.get(i - 1).get(a), style);
            BigDecimal balance = value(rows.get(i).get(b), style), prev = value(rows.get(i - 1).get(b), style);
            if (amount == null || balance == null || prev == null || prevAmount == null) continue;
            steps++;
            if (balance.subtract(prev).compareTo(amount) == 0 || prev.subtract(balance).compareTo(prevAmount) == 0) fits++;
        }
        return steps >= 2 && fits * 10 >= steps * 8;
    }

    private static BigDecimal value(String cell, NumberStyle style) {
        AmountParser.Result r = AmountParser.parse(cell, style);
        return r.ok() ? r.value() : null;
    }

    private static boolean exclusive(List<List<String>> rows, int a, int b) {
        int onlyA = 0, onlyB = 0;
        for (List<String> row : rows) {
            boolean hasA = !isBlankOrZero(row.get(a)), hasB = !isBlankOrZero(row.get(b));
            if (hasA && hasB) return false;
            if (hasA) onlyA++;
            if (hasB) onlyB++;
        }
        return onlyA > 0 && onlyB > 0;
    }

    private static boolean isBlankOrZero(String s) {
        String t = s.strip();
        if (t.isEmpty()) return true;
        AmountParser.Result r = AmountParser.parse(t, NumberStyle.POINT);
        return r.ok() && r.value().compareTo(BigDecimal.ZERO) == 0;
    }
}
