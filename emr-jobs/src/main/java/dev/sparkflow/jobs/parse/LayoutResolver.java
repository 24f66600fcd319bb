package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.ColumnSynonyms;
import dev.sparkflow.jobs.config.HeaderNames;
import dev.sparkflow.jobs.config.SourceProfile;
import dev.sparkflow.jobs.model.Dataset;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.ReasonCode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides a CSV file's layout: a source profile whose header appears near the top wins; otherwise the
 * header is recognised through column synonyms and the value formats are inferred from a sample of rows,
 * and everything inferred is reported.
 */
public final class LayoutResolver {
    static final int HEADER_SEARCH_LINES = 30;
    static final int SAMPLE_ROWS = 200;
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    private LayoutResolver() {
    }

    /** A layout, or the file-level reason none could be found. */
    public record Resolution(CsvLayout layout, ReasonCode error, String detail) {
        public boolean ok() {
            return layout != null;
        }
    }

    public static Resolution resolve(Dataset dataset, DecodedText text, List<SourceProfile> profiles,
                                     ColumnSynonyms synonyms) {
        List<DecodedText.Line> lines = text.lines();
        if (lines.stream().allMatch(DecodedText.Line::isBlank)) {
            return new Resolution(null, ReasonCode.EMPTY_FILE, "no non-blank line");
        }
        for (SourceProfile profile : profiles) {
            Optional<Integer> at = findHeader(lines, profile.delimiter().charAt(0), normalised(profile.header()));
            if (at.isPresent()) {
                return new Resolution(fromProfile(profile, at.get()), null, null);
            }
        }
        return infer(dataset, lines, synonyms);
    }

    private static Optional<Integer> findHeader(List<DecodedText.Line> lines, char delimiter, List<String> header) {
        for (int i = 0; i < Math.min(lines.size(), HEADER_SEARCH_LINES); i++) {
            CsvSplitter.Split split = CsvSplitter.split(lines.get(i).text(), delimiter);
            if (split.ok() && sameHeader(normalised(split.fields()), header)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Header cells equal, ignoring one trailing empty cell (a delimiter at the end of the line). */
    static boolean sameHeader(List<String> cells, List<String> header) {
        List<String> a = dropTrailingEmpty(cells), b = dropTrailingEmpty(header);
        return a.equals(b);
    }

    private static List<String> dropTrailingEmpty(List<String> cells) {
        return !cells.isEmpty() && cells.get(cells.size() - 1).isEmpty() ? cells.subList(0, cells.size() - 1) : cells;
    }

    static List<String> normalised(List<String> cells) {
        return cells.stream().map(HeaderNames::normalise).toList();
    }

    private static CsvLayout fromProfile(SourceProfile p, int headerLine) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        p.columns().forEach((role, name) -> columns.put(role, p.header().indexOf(name)));
        Set<NumberStyle.Negative> negatives = EnumSet.noneOf(NumberStyle.Negative.class);
        p.negatives().forEach(n -> negatives.add(NumberStyle.Negative.parse(n)));
        Character thousands = p.thousands() == null || p.thousands().isEmpty() ? null : p.thousands().charAt(0);
        NumberStyle numbers = new NumberStyle(p.decimal().charAt(0), thousands, negatives);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("delimiter", String.valueOf(p.delimiter()));
        details.put("date_format", p.dateFormat());
        details.put("decimal", p.decimal());
        Pattern footer = p.footerPattern() == null ? CsvLayout.GENERIC_FOOTER
                : Pattern.compile(p.footerPattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return new CsvLayout(new FileReport.Layout("profile", p.name(), details), p.delimiter().charAt(0),
                Optional.ofNullable(p.encoding()), headerLine, p.header(), columns, numbers,
                new DateFormat(p.dateFormat()), footer, Optional.ofNullable(p.account()),
                p.amountSign().equals("inverted"));
    }

    private static Resolution infer(Dataset dataset, List<DecodedText.Line> lines, ColumnSynonyms synonyms) {
        String missingDetail = null;
        for (int i = 0; i < Math.min(lines.size(), HEADER_SEARCH_LINES); i++) {
            Candidate best = null;
            for (char delimiter : DELIMITERS) {
                CsvSplitter.Split split = CsvSplitter.split(lines.get(i).text(), delimiter);
                if (!split.ok() || split.fields().size() < 2) continue;
                Candidate c = Candidate.of(dataset, split.fields(), delimiter, synonyms);
                if (best == null || c.columns.size() > best.columns.size()) best = c;
            }
            if (best == null || best.columns.size() < 2) continue;
            List<String> missing = missingRoles(dataset, best.columns.keySet());
            if (missing.isEmpty()) {
                return valueFormats(dataset, lines, i, best);
            }
            if (missingDetail == null) {
                missingDetail = "line " + (i + 1) + " looks like a header but lacks " + String.join(", ", missing);
            }
        }
        return missingDetail != null
                ? new Resolution(null, ReasonCode.MISSING_REQUIRED_COLUMN, missingDetail)
                : new Resolution(null, ReasonCode.UNKNOWN_LAYOUT, "no profile matched and no header was recognised");
    }

    /** Roles a dataset cannot do without. */
    static List<String> missingRoles(Dataset dataset, Set<String> have) {
        List<String> missing = new ArrayList<>();
        switch (dataset) {
            case TRANSACTIONS -> {
                if (!have.contains("date")) missing.add("date");
                if (!have.contains("amount") && !have.contains("debit") && !have.contains("credit")) {
                    missing.add("amount (or debit/credit)");
                }
            }
            case BALANCES -> {
                if (!have.contains("date")) missing.add("date");
                if (!have.contains("balance")) missing.add("balance");
            }
            case BUDGETS -> {
                for (String role : List.of("month", "category", "amount")) {
                    if (!have.contains(role)) missing.add(role);
                }
            }
        }
        return missing;
    }

    private static Resolution valueFormats(Dataset dataset, List<DecodedText.Line> lines, int headerLine,
                                           Candidate header) {
        List<List<String>> sample = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.size() && sample.size() < SAMPLE_ROWS; i++) {
            CsvSplitter.Split split = CsvSplitter.split(lines.get(i).text(), header.delimiter);
            if (split.ok() && split.fields().size() >= header.fields.size() - 1) sample.add(split.fields());
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("delimiter", String.valueOf(header.delimiter));
        header.columns.forEach((role, index) -> details.put("column." + role, header.fields.get(index)));

        DateFormat dates = null;
        // A header with no rows under it is HEADER_ONLY (decided by the caller), not an unknown date format.
        if (dataset != Dataset.BUDGETS && !noDataRows(lines, headerLine)) {
            Inference.DateChoice choice = Inference.dateFormat(column(sample, header.columns.get("date")));
            if (choice.ambiguous()) {
                return new Resolution(null, ReasonCode.AMBIGUOUS_DATE_FORMAT, choice.detail());
            }
            if (choice.format() == null) {
                return new Resolution(null, ReasonCode.UNKNOWN_LAYOUT, "no date format fits the date column");
            }
            dates = choice.format();
            details.put("date_format", dates.pattern());
        }
        List<String> amounts = new ArrayList<>();
        for (String role : List.of("amount", "debit", "credit", "balance")) {
            if (header.columns.containsKey(role)) amounts.addAll(column(sample, header.columns.get(role)));
        }
        NumberStyle numbers = Inference.numberStyle(amounts);
        details.put("decimal", String.valueOf(numbers.decimal()));
        details.put("negatives", numbers.negatives().toString().toLowerCase(java.util.Locale.ROOT));
        details.put("sampled_rows", String.valueOf(sample.size()));
        return new Resolution(new CsvLayout(new FileReport.Layout("inferred", null, details), header.delimiter,
                Optional.empty(), headerLine, header.fields, header.columns, numbers, dates,
                CsvLayout.GENERIC_FOOTER, Optional.empty(), false), null, null);
    }

    /** Whether every line after the header is blank or a summary footer. */
    private static boolean noDataRows(List<DecodedText.Line> lines, int headerLine) {
        return lines.subList(headerLine + 1, lines.size()).stream()
                .allMatch(l -> l.isBlank() || CsvLayout.GENERIC_FOOTER.matcher(l.text()).find());
    }

    private static List<String> column(List<List<String>> rows, Integer index) {
        List<String> values = new ArrayList<>();
        if (index == null) return values;
        for (List<String> row : rows) {
            if (index < row.size() && !row.get(index).isBlank()) values.add(row.get(index));
        }
        return values;
    }

    /** A header line read with one delimiter: its cells and the roles recognised in them. */
    private record Candidate(List<String> fields, char delimiter, Map<String, Integer> columns) {
        static Candidate of(Dataset dataset, List<String> fields, char delimiter, ColumnSynonyms synonyms) {
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                int index = i;
                synonyms.roleOf(dataset, HeaderNames.normalise(fields.get(i)))
                        .ifPresent(role -> columns.putIfAbsent(role, index));
            }
            return new Candidate(fields, delimiter, columns);
        }
    }
}
