package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.ColumnSynonyms;
import dev.sparkflow.jobs.config.HeaderNames;
import dev.sparkflow.jobs.config.SourceProfile;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.ReasonCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decides a CSV file's layout, judged on the whole file: a source profile whose header appears near the top wins;
 * otherwise the header is found anywhere in the first lines through the column-name dictionary (or, when there is
 * none or its names are in no dictionary, the columns' roles come from their values, see {@link ValueRoles}); the
 * date style, decimal mark, currency and sign convention are then decided from whole columns, and everything
 * inferred is reported.
 */
public final class LayoutResolver {
    static final int HEADER_SEARCH_LINES = 40;
    static final int SAMPLE_ROWS = 5000;
    static final char[] DELIMITERS = {',', ';', '\t', '|'};
    /** Second dates that a booked row always has and a pending one not yet: posting, booking, completion. */
    private static final Set<String> POSTING_DATE = Set.of("post date", "posted date", "posting date", "buchung",
            "buchungsdatum", "buchungstag", "completed date", "date completed (utc)", "clearing date", "boekdatum");

    private LayoutResolver() {
    }

    /** What inference needs besides the text: the ingest date and the file's name. */
    public record Hints(LocalDate ingestDate, String fileName) {
    }

    /** A layout, or the file-level reason none could be found (with the header line, if one was found). */
    public record Resolution(CsvLayout layout, ReasonCode error, String detail, int headerLine) {
        Resolution(CsvLayout layout, ReasonCode error, String detail) {
            this(layout, error, detail, layout == null ? -1 : layout.headerLine());
        }

        public boolean ok() {
            return layout != null;
        }
    }

    public static Resolution resolve(LakeDataset dataset, DecodedText text, List<SourceProfile> profiles,
                                     ColumnSynonyms synonyms, Hints hints) {
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
        return infer(dataset, lines, synonyms, hints);
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
        Map<String, List<Integer>> roles = new LinkedHashMap<>();
        p.columns().forEach((role, name) -> roles.put(role, List.of(p.header().indexOf(name))));
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
        Set<Integer> optional = new HashSet<>();
        int last = p.header().size() - 1;
        if (p.header().get(last).isBlank()) optional.add(last);
        return new CsvLayout(new FileReport.Layout("profile", p.name(), details), p.delimiter().charAt(0),
                Optional.ofNullable(p.encoding()), headerLine, headerLine + 1, p.header(), p.header().size(), roles,
                Map.of(), numbers, new DateFormat(p.dateFormat()), footer, Optional.ofNullable(p.account()),
                p.amountSign().equals("inverted"), null, optional);
    }

    private static Resolution infer(LakeDataset dataset, List<DecodedText.Line> lines, ColumnSynonyms synonyms, Hints hints) {
        String missingDetail = null;
        HeaderRoles best = null;
        int bestLine = -1;
        for (int i = 0; i < Math.min(lines.size(), HEADER_SEARCH_LINES); i++) {
            for (char delimiter : DELIMITERS) {
                CsvSplitter.Split split = CsvSplitter.split(lines.get(i).text(), delimiter);
                if (!split.ok() || split.fields().size() < 2) continue;
                HeaderRoles c = HeaderRoles.of(dataset, split.fields(), delimiter, synonyms);
                if (c.recognised() < 2) continue;
                if (dataset == LakeDataset.TRANSACTIONS && !c.has("amount") && !c.has("debit") && !c.has("credit")
                        && c.has("direction") && numericBelow(lines, i, delimiter, c.roles().get("direction").get(0))) {
                    c.roles().put("amount", c.roles().remove("direction")); // Nationwide's "Debit/Credit" holds -£52.18
                }
                List<String> missing = missingRoles(dataset, c.roles().keySet());
                if (!missing.isEmpty()) {
                    if (missingDetail == null) {
                        missingDetail = "line " + (i + 1) + " looks like a header but lacks " + String.join(", ", missing);
                    }
                    continue;
                }
                if (best == null || c.recognised() > best.recognised()) {
                    best = c;
                    bestLine = i;
                }
            }
        }
        if (best != null) return withHeader(dataset, lines, bestLine, best, hints);
        if (dataset == LakeDataset.TRANSACTIONS) {
            Optional<ValueRoles.Found> byValues = ValueRoles.find(lines, hints.ingestDate());
            if (byValues.isPresent()) {
                ValueRoles.Found f = byValues.get();
                HeaderRoles roles = new HeaderRoles(f.header(), f.delimiter(), f.roles(), Map.of(), f.roles().size());
                Resolution r = withHeader(dataset, lines, f.headerLine(), roles, hints, f.firstRow(), "values");
                if (r.ok()) return r;
            }
        }
        return missingDetail != null
                ? new Resolution(null, ReasonCode.MISSING_REQUIRED_COLUMN, missingDetail)
                : new Resolution(null, ReasonCode.UNKNOWN_LAYOUT,
                "no profile matched, no header was recognised and no column reads as dates and amounts");
    }

    /** Whether the column under a header line holds amounts (in the next few lines). */
    private static boolean numericBelow(List<DecodedText.Line> lines, int header, char delimiter, int column) {
        int numeric = 0, seen = 0;
        for (int i = header + 1; i < Math.min(lines.size(), header + 12); i++) {
            CsvSplitter.Split s = CsvSplitter.split(lines.get(i).text(), delimiter);
            if (!s.ok() || column >= s.fields().size() || s.fields().get(column).isBlank()) continue;
            seen++;
            if (AmountParser.looksNumeric(s.fields().get(column))) numeric++;
        }
        return seen > 0 && numeric * 10 >= seen * 8;
    }

    /** Roles a dataset cannot do without. */
    static List<String> missingRoles(LakeDataset dataset, Set<String> have) {
        List<String> missing = new ArrayList<>();
        switch (dataset) {
            case TRANSACTIONS -> {
                if (!have.contains("date")) missing.add("date");
                if (!have.contains("amount") && !have.contains("debit") && !have.contains("credit")
                        && !(have.contains("amount_out") && have.contains("amount_in"))) {
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

    private static Resolution withHeader(LakeDataset dataset, List<DecodedText.Line> lines, int headerLine,
                                         HeaderRoles header, Hints hints) {
        return withHeader(dataset, lines, headerLine, header, hints, headerLine + 1, "header");
    }

    private static Resolution withHeader(LakeDataset dataset, List<DecodedText.Line> lines, int headerLine,
                                         HeaderRoles header, Hints hints, int firstRow, String rolesFrom) {
        List<List<String>> sample = new ArrayList<>();
        for (int i = firstRow; i < lines.size() && sample.size() < SAMPLE_ROWS; i++) {
            CsvSplitter.Split split = CsvSplitter.split(lines.get(i).text(), header.delimiter());
            if (!split.ok() && split.error() == ReasonCode.UNBALANCED_QUOTE) {
                int more = CsvFileParser.continuation(lines, i, header.delimiter(), header.cells().size());
                if (more > 0) {
                    StringBuilder joined = new StringBuilder(lines.get(i).text());
                    for (int j = 1; j <= more; j++) joined.append('\n').append(lines.get(i + j).text());
                    split = CsvSplitter.split(joined.toString(), header.delimiter());
                    i += more;
                }
            }
            if (split.ok() && split.fields().size() >= Math.min(2, header.cells().size())) sample.add(split.fields());
        }
        Map<String, List<Integer>> roles = new LinkedHashMap<>(header.roles());
        ColumnRoles.promoteFreeTextTypes(roles, sample, header);
        ColumnRoles.demoteCodes(roles, sample);
        ColumnRoles.settleByValues(roles, header.cells(), sample);
        ColumnRoles.findDirection(roles, sample);
        String preambleText = text(lines, 0, headerLine >= 0 ? headerLine : firstRow);
        if (roles.containsKey("account") && AccountClues.inPreamble(preambleText.lines().toList()).isPresent()) {
            ColumnRoles.keepConstantAccountColumns(roles, sample);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("delimiter", String.valueOf(header.delimiter()));
        details.put("roles_from", rolesFrom);
        new TreeMap<>(roles).forEach((role, at) -> {
            if (!role.equals("ignore")) details.put("column." + role, String.join(" + ", at.stream().map(i -> name(header, i)).toList()));
        });
        String preamble = text(lines, 0, headerLine >= 0 ? headerLine : firstRow);
        String explicit = CurrencyClues.explicitCurrency(header, roles, preamble);
        if (explicit == null) explicit = CurrencyClues.rowCurrency(roles, sample);
        if (explicit == null) explicit = CurrencyClues.dominantCurrency(roles, sample);

        DateReader dates = null;
        if (dataset != LakeDataset.BUDGETS && !noDataRows(lines, firstRow)) {
            Boolean hint = header.nonEnglishDate() ? Boolean.TRUE : CurrencyClues.dayFirstFor(explicit);
            Inference.DateChoice choice = Inference.dateStyle(column(sample, roles.get(firstDateRole(dataset)).get(0)),
                    hints.ingestDate(), hint);
            if (choice.ambiguous()) {
                return new Resolution(null, ReasonCode.AMBIGUOUS_DATE_FORMAT, choice.detail(), headerLine);
            }
            if (choice.format() == null) {
                return new Resolution(null, ReasonCode.UNKNOWN_LAYOUT, choice.detail(), headerLine);
            }
            dates = choice.format();
            details.put("date_format", dates.pattern());
        }
        List<String> amounts = new ArrayList<>();
        for (String role : List.of("amount", "debit", "credit", "amount_out", "amount_in")) {
            for (int i : roles.getOrDefault(role, List.of())) amounts.addAll(column(sample, i));
        }
        if (amounts.isEmpty()) {
            for (int i : roles.getOrDefault("balance", List.of())) amounts.addAll(column(sample, i));
        }
        NumberStyle numbers = Inference.numberStyle(amounts);
        details.put("decimal", String.valueOf(numbers.decimal()));
        details.put("sampled_rows", String.valueOf(sample.size()));

        String fileCurrency = explicit;
        String currencyFrom = "the file";
        if (fileCurrency == null) {
            fileCurrency = CurrencyClues.byScript(lines, firstRow);
            currencyFrom = "the file's script";
        }
        if (fileCurrency == null) {
            fileCurrency = header.languageCurrency();
            currencyFrom = "the header's language";
        }
        if (fileCurrency == null) {
            fileCurrency = CurrencyClues.merchantCountry(roles, sample);
            currencyFrom = "the merchants' country";
        }
        if (fileCurrency == null && dates instanceof DateStyle style && style.order() == DateStyle.Order.MDY) {
            fileCurrency = "USD";
            currencyFrom = "month-first dates";
        }
        if (fileCurrency == null && dates instanceof DateStyle style && headerLine >= 0 && header.englishOnly()
                && style.order() != DateStyle.Order.MDY) {
            boolean dayFirst = style.order() == DateStyle.Order.DMY;
            fileCurrency = dayFirst ? "GBP" : "USD";
            currencyFrom = "English header with " + (dayFirst ? "day-first" : "ISO") + " dates (a guess: nothing in the file"
                    + " states a currency; home_currency applies to files without a header)";
        }
        if (fileCurrency != null) {
            details.put("currency", fileCurrency);
            details.put("currency_from", currencyFrom);
        }

        boolean inverted = false;
        if (dataset == LakeDataset.TRANSACTIONS && roles.containsKey("amount") && !roles.containsKey("direction")) {
            inverted = chargesPositive(lines, headerLine, header, roles, sample, numbers, hints.fileName());
            if (inverted) details.put("sign", "charges listed positive: inverted");
        }
        if (roles.containsKey("value_date") && dates != null
                && POSTING_DATE.contains(HeaderNames.normalise(name(header, roles.get("value_date").get(0))))) {
            List<String> second = column(sample, roles.get("value_date").get(0));
            if (sample.size() >= 4 && second.size() * 10 >= sample.size() * 7 && second.size() < sample.size()) {
                details.put("pending_when_empty", name(header, roles.get("value_date").get(0)));
            }
        }
        if (roles.containsKey("action")) details.put("brokerage", "true");
        String holder = ColumnRoles.holder(roles, sample);
        if (holder != null) details.put("holder", holder);
        int width = header.cells().size();
        Set<Integer> optional = optionalColumns(roles, sample, width);
        CsvLayout layout = new CsvLayout(new FileReport.Layout("inferred", null, details), header.delimiter(),
                Optional.empty(), headerLine, firstRow, header.cells(), width, roles, header.currencies(), numbers, dates,
                CsvLayout.GENERIC_FOOTER, Optional.empty(), inverted, fileCurrency, optional);
        return new Resolution(layout, null, null);
    }

    private static String firstDateRole(LakeDataset dataset) {
        return dataset == LakeDataset.BUDGETS ? "month" : "date";
    }

    static String name(HeaderRoles header, int i) {
        return i < header.cells().size() && !header.cells().get(i).isBlank() ? header.cells().get(i) : "column " + (i + 1);
    }

    private static boolean chargesPositive(List<DecodedText.Line> lines, int headerLine, HeaderRoles header,
                                           Map<String, List<Integer>> roles, List<List<String>> sample,
                                           NumberStyle numbers, String fileName) {
        List<BigDecimal> values = new ArrayList<>();
        List<String> negativeTexts = new ArrayList<>();
        int amountAt = roles.get("amount").get(0);
        StringBuilder fileText = new StringBuilder(fileName == null ? "" : fileName.replace('_', ' ').replace('-', ' '));
        fileText.append(' ').append(text(lines, 0, Math.max(headerLine + 1, 0)));
        for (int c : roles.getOrDefault("account", List.of())) fileText.append(' ').append(name(header, c));
        int typed = 0;
        for (List<String> row : sample) {
            if (amountAt >= row.size()) continue;
            AmountParser.Result r = AmountParser.parse(row.get(amountAt), numbers);
            if (!r.ok()) continue;
            values.add(r.value());
            StringBuilder t = new StringBuilder();
            for (String role : List.of("description", "counterparty", "type", "category")) {
                for (int c : roles.getOrDefault(role, List.of())) if (c < row.size()) t.append(row.get(c)).append(' ');
            }
            if (r.value().signum() < 0) negativeTexts.add(t.toString());
            if (typed++ < 200) {
                for (int c : roles.getOrDefault("type", List.of())) if (c < row.size()) fileText.append(' ').append(row.get(c));
            }
        }
        return Inference.chargesPositive(values, negativeTexts, fileText.toString());
    }

    /** Columns a ragged row may leave out: those without a role, and those empty somewhere else in the file. */
    private static Set<Integer> optionalColumns(Map<String, List<Integer>> roles, List<List<String>> sample, int width) {
        Set<Integer> withRole = new HashSet<>();
        roles.forEach((role, at) -> {
            if (!role.equals("ignore")) withRole.addAll(at);
        });
        Set<Integer> optional = new HashSet<>();
        for (int c = 0; c < width; c++) {
            if (!withRole.contains(c)) {
                optional.add(c);
                continue;
            }
            for (List<String> row : sample) {
                if (row.size() == width && row.get(c).isBlank()) {
                    optional.add(c);
                    break;
                }
            }
        }
        return optional;
    }

    /** Whether every line from {@code firstRow} on is blank or a summary footer. */
    private static boolean noDataRows(List<DecodedText.Line> lines, int firstRow) {
        return lines.subList(Math.min(firstRow, lines.size()), lines.size()).stream()
                .allMatch(l -> l.isBlank() || CsvLayout.GENERIC_FOOTER.matcher(l.text()).find());
    }

    static List<String> column(List<List<String>> rows, Integer index) {
        List<String> values = new ArrayList<>();
        if (index == null) return values;
        for (List<String> row : rows) {
            if (index < row.size() && !row.get(index).isBlank()) values.add(row.get(index));
        }
        return values;
    }

    private static String text(List<DecodedText.Line> lines, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, from); i < Math.min(to, lines.size()); i++) sb.append(lines.get(i).text()).append('\n');
        return sb.toString();
    }
}
