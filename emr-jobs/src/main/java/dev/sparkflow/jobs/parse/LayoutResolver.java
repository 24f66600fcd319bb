package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.ColumnSynonyms;
import dev.sparkflow.jobs.config.HeaderNames;
import dev.sparkflow.jobs.config.SourceProfile;
import dev.sparkflow.jobs.model.Dataset;
import dev.sparkflow.jobs.model.FileReport;
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
import java.util.regex.Matcher;
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
    /** Rows scanned for currency clues in the cells (IBANs, merchants' countries): a statement's first rows tell. */
    static final int CLUE_ROWS = 500;
    static final char[] DELIMITERS = {',', ';', '\t', '|'};
    /** ISO codes a preamble line may state the file's currency with (a whitelist: "ALL" or "CUP" are also words). */
    private static final Pattern PREAMBLE_CURRENCY = Pattern.compile(
            "\\b(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|JPY|CNY|AUD|CAD|NZD|HKD|SGD|INR|BRL|MXN|ZAR|TRY|RON|BGN|ISK)\\b|([€£¥])");

    private LayoutResolver() {
    }

    /** What inference needs besides the text: the household's home currency, the ingest date, the file's name. */
    public record Hints(String homeCurrency, LocalDate ingestDate, String fileName) {
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

    public static Resolution resolve(Dataset dataset, DecodedText text, List<SourceProfile> profiles,
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

    private static Resolution infer(Dataset dataset, List<DecodedText.Line> lines, ColumnSynonyms synonyms, Hints hints) {
        String missingDetail = null;
        HeaderRoles best = null;
        int bestLine = -1;
        for (int i = 0; i < Math.min(lines.size(), HEADER_SEARCH_LINES); i++) {
            for (char delimiter : DELIMITERS) {
                CsvSplitter.Split split = CsvSplitter.split(lines.get(i).text(), delimiter);
                if (!split.ok() || split.fields().size() < 2) continue;
                HeaderRoles c = HeaderRoles.of(dataset, split.fields(), delimiter, synonyms);
                if (c.recognised() < 2) continue;
                if (dataset == Dataset.TRANSACTIONS && !c.has("amount") && !c.has("debit") && !c.has("credit")
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
        if (dataset == Dataset.TRANSACTIONS) {
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
    static List<String> missingRoles(Dataset dataset, Set<String> have) {
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

    private static Resolution withHeader(Dataset dataset, List<DecodedText.Line> lines, int headerLine,
                                         HeaderRoles header, Hints hints) {
        return withHeader(dataset, lines, headerLine, header, hints, headerLine + 1, "header");
    }

    private static Resolution withHeader(Dataset dataset, List<DecodedText.Line> lines, int headerLine,
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
        promoteFreeTextTypes(roles, sample, header);
        demoteCodes(roles, sample);
        settleByValues(roles, header.cells(), sample);
        findDirection(roles, sample);
        String preambleText = text(lines, 0, headerLine >= 0 ? headerLine : firstRow);
        if (roles.containsKey("account") && AccountClues.inPreamble(preambleText.lines().toList()).isPresent()) {
            keepConstantAccountColumns(roles, sample);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("delimiter", String.valueOf(header.delimiter()));
        details.put("roles_from", rolesFrom);
        new TreeMap<>(roles).forEach((role, at) -> {
            if (!role.equals("ignore")) details.put("column." + role, String.join(" + ", at.stream().map(i -> name(header, i)).toList()));
        });
        String preamble = text(lines, 0, headerLine >= 0 ? headerLine : firstRow);
        String explicit = explicitCurrency(header, roles, preamble);
        if (explicit == null) explicit = rowCurrency(roles, sample);
        if (explicit == null) explicit = dominantCurrency(roles, sample);

        DateReader dates = null;
        if (dataset != Dataset.BUDGETS && !noDataRows(lines, firstRow)) {
            Boolean hint = header.nonEnglishDate() ? Boolean.TRUE : dayFirstFor(explicit);
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
            fileCurrency = byScript(lines, firstRow);
            currencyFrom = "the file's script";
        }
        if (fileCurrency == null) {
            fileCurrency = header.languageCurrency();
            currencyFrom = "the header's language";
        }
        if (fileCurrency == null) {
            fileCurrency = merchantCountry(roles, sample);
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
        if (dataset == Dataset.TRANSACTIONS && roles.containsKey("amount") && !roles.containsKey("direction")) {
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
        String holder = holder(roles, sample);
        if (holder != null) details.put("holder", holder);
        int width = header.cells().size();
        Set<Integer> optional = optionalColumns(roles, sample, width);
        CsvLayout layout = new CsvLayout(new FileReport.Layout("inferred", null, details), header.delimiter(),
                Optional.empty(), headerLine, firstRow, header.cells(), width, roles, header.currencies(), numbers, dates,
                CsvLayout.GENERIC_FOOTER, Optional.empty(), inverted, fileCurrency, optional);
        return new Resolution(layout, null, null);
    }

    private static String firstDateRole(Dataset dataset) {
        return dataset == Dataset.BUDGETS ? "month" : "date";
    }

    private static String name(HeaderRoles header, int i) {
        return i < header.cells().size() && !header.cells().get(i).isBlank() ? header.cells().get(i) : "column " + (i + 1);
    }

    /**
     * A "type" column whose values are free text (comdirect's Buchungstext, a long Vorgang) is the description;
     * a short, repetitive one (LASTSCHRIFT, Sale) stays a type.
     */
    /** Columns called just "type" stay types however long their values (Nationwide's "Transfer from S BHATT"). */
    private static final Set<String> LITERAL_TYPE = Set.of("type", "transaction type", "typ", "trans type", "type de transaction");

    private static void promoteFreeTextTypes(Map<String, List<Integer>> roles, List<List<String>> sample, HeaderRoles header) {
        List<Integer> types = roles.get("type");
        if (types == null || sample.isEmpty()) return;
        List<Integer> keep = new ArrayList<>();
        for (int column : types) {
            List<String> values = column(sample, column);
            double avg = values.stream().mapToInt(String::length).average().orElse(0);
            long distinct = values.stream().distinct().count();
            if (LITERAL_TYPE.contains(HeaderNames.normalise(name(header, column)))) {
                keep.add(column);
                continue;
            }
            boolean freeText = avg > 28 || (values.size() >= 8 && distinct * 10 > values.size() * 7 && avg > 14);
            if (freeText) {
                List<Integer> description = new ArrayList<>(roles.getOrDefault("description", List.of()));
                description.add(column);
                description.sort(null);
                roles.put("description", description);
            } else {
                keep.add(column);
            }
        }
        if (keep.isEmpty()) roles.remove("type");
        else roles.put("type", keep);
    }

    /**
     * The account holder of a file with payer and payee columns: the one name on (nearly) every row, on either side
     * (Venmo puts the holder in "From" on a charge they send and in "To" on one they receive).
     */
    private static String holder(Map<String, List<Integer>> roles, List<List<String>> sample) {
        if (!roles.containsKey("payer") || !roles.containsKey("payee") || sample.size() < 3) return null;
        Map<String, Integer> counts = new java.util.HashMap<>();
        int rows = 0;
        for (List<String> row : sample) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (String role : List.of("payer", "payee")) {
                for (int c : roles.get(role)) if (c < row.size() && !row.get(c).isBlank()) names.add(row.get(c).strip());
            }
            if (names.isEmpty()) continue;
            rows++;
            names.forEach(n -> counts.merge(n, 1, Integer::sum));
        }
        int n = rows;
        return counts.entrySet().stream().filter(e -> e.getValue() * 10 >= n * 8).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Second dates that a booked row always has and a pending one not yet: posting, booking, completion. */
    private static final Set<String> POSTING_DATE = Set.of("post date", "posted date", "posting date", "buchung",
            "buchungsdatum", "buchungstag", "completed date", "date completed (utc)", "clearing date", "boekdatum");

    /** Header names of a counterparty column that, beside a more specific one, name the account holder instead. */
    private static final Set<String> GENERIC_NAME = Set.of("name", "naam", "nom", "nombre", "nome", "navn", "namn");
    /** Header names that mark a brokerage export (its "type" is the action, the first part of the description). */
    private static final Pattern HOLDING_COLUMN = Pattern.compile("(?i)shares|no\\. of shares|stück|stueck|isin|symbol|ticker|price per share|price / share");

    /**
     * Roles the values correct: text columns holding only IBANs are the counterparty's account (left out); an
     * account column whose values change row by row is the counterparty's too (a file of the owner's accounts repeats
     * a few); a plain "Name" beside a "counterparty name" is the holder; a "Valuta" of currency codes is a currency
     * (Swedish), not a value date; and in a brokerage export the transaction type is the action.
     */
    private static void settleByValues(Map<String, List<Integer>> roles, List<String> cells, List<List<String>> sample) {
        for (String role : List.of("description", "counterparty", "payer", "payee")) {
            for (Integer c : new ArrayList<>(roles.getOrDefault(role, List.of()))) {
                List<String> values = column(sample, c);
                if (!values.isEmpty() && values.stream().allMatch(v -> AccountClues.iban(v).isPresent()
                        && v.replace(" ", "").length() <= 34)) {
                    move(roles, role, c, "ignore");
                }
            }
        }
        boolean holdings = roles.containsKey("symbol")
                || cells.stream().anyMatch(h -> HOLDING_COLUMN.matcher(HeaderNames.normalise(h)).matches());
        for (Integer c : new ArrayList<>(roles.getOrDefault("account", List.of()))) {
            if (holdings && c < cells.size() && HeaderNames.normalise(cells.get(c)).matches("product|produkt")) {
                move(roles, "account", c, "counterparty"); // a broker's "Product" is the security
            }
        }
        boolean namesCounterparty = roles.containsKey("counterparty") || roles.containsKey("payer") || roles.containsKey("payee");
        for (Integer c : new ArrayList<>(roles.getOrDefault("account", List.of()))) {
            List<String> values = column(sample, c);
            long distinct = values.stream().distinct().count();
            boolean ibans = !values.isEmpty() && values.stream().allMatch(v -> AccountClues.iban(v).isPresent());
            if (distinct > Math.max(4, values.size() / 3) || namesCounterparty && ibans && distinct > 2) {
                move(roles, "account", c, "ignore"); // the counterparty's account, row by row
            }
        }
        boolean brokerage = roles.containsKey("symbol")
                || cells.stream().anyMatch(h -> HOLDING_COLUMN.matcher(HeaderNames.normalise(h)).matches());
        List<Integer> counterparty = roles.getOrDefault("counterparty", List.of());
        if (counterparty.size() > 1 && !brokerage) {
            for (Integer c : new ArrayList<>(counterparty)) {
                if (c < cells.size() && GENERIC_NAME.contains(HeaderNames.normalise(cells.get(c)))) {
                    move(roles, "counterparty", c, "ignore");
                }
            }
        }
        for (String role : List.of("description", "counterparty")) {
            for (Integer c : new ArrayList<>(roles.getOrDefault(role, List.of()))) {
                List<String> values = column(sample, c);
                boolean cardReference = c < cells.size() && HeaderNames.normalise(cells.get(c)).matches("reference( number)?");
                if (cardReference && values.size() >= 2 && values.stream().noneMatch(v -> v.codePoints().anyMatch(Character::isLetter))) {
                    move(roles, role, c, "ignore"); // reference numbers, not words anyone reads
                } else if (role.equals("description") && values.size() >= 5 && values.size() * 10 >= sample.size() * 8
                        && values.stream().distinct().count() == 1 && roles.get(role).size() > 1) {
                    move(roles, role, c, "ignore"); // the same text on every row names the product, not the payment
                }
            }
        }
        for (Integer c : new ArrayList<>(roles.getOrDefault("value_date", List.of()))) {
            List<String> values = column(sample, c);
            if (!values.isEmpty() && values.stream().allMatch(v -> Currencies.normalise(v) != null)) {
                move(roles, "value_date", c, "currency");
            }
        }
        List<Integer> symbols = roles.getOrDefault("symbol", List.of());
        if (symbols.size() > 1) { // a ticker and an ISIN: the ticker is the symbol people read
            for (Integer c : new ArrayList<>(symbols)) {
                if (c < cells.size() && HeaderNames.normalise(cells.get(c)).equals("isin")) move(roles, "symbol", c, "ignore");
            }
        }
        for (String role : List.of("amount", "balance")) { // Degiro: "Mutatie" holds EUR, the unnamed cell after it the number
            for (Integer c : new ArrayList<>(roles.getOrDefault(role, List.of()))) {
                List<String> values = column(sample, c);
                if (!values.isEmpty() && values.stream().allMatch(v -> Currencies.normalise(v) != null)
                        && c + 1 < cells.size() && cells.get(c + 1).isBlank()) {
                    move(roles, role, c, role.equals("amount") ? "currency" : "ignore");
                    List<Integer> target = new ArrayList<>(roles.getOrDefault(role, List.of()));
                    target.add(c + 1);
                    target.sort(null);
                    roles.put(role, target);
                }
            }
        }
        if (brokerage && roles.containsKey("type") && !roles.containsKey("action")) {
            roles.put("action", roles.remove("type"));
        }
        if (brokerage) {
            if (!roles.containsKey("action") && roles.containsKey("description") && roles.containsKey("counterparty")) {
                roles.put("action", roles.remove("description")); // Degiro's Omschrijving says what happened
            }
        }
    }

    private static void move(Map<String, List<Integer>> roles, String from, Integer column, String to) {
        List<Integer> rest = new ArrayList<>(roles.get(from));
        rest.remove(column);
        if (rest.isEmpty()) roles.remove(from);
        else roles.put(from, rest);
        List<Integer> target = new ArrayList<>(roles.getOrDefault(to, List.of()));
        target.add(column);
        target.sort(null);
        roles.put(to, target);
    }

    /** A description column of a few short codes (Chase's Details DEBIT/CREDIT/CHECK) is a type, not text. */
    private static void demoteCodes(Map<String, List<Integer>> roles, List<List<String>> sample) {
        List<Integer> description = roles.get("description");
        if (description == null || sample.size() < 5) return;
        for (Integer column : new ArrayList<>(description)) {
            List<String> values = column(sample, column);
            if (values.isEmpty()) continue;
            if (values.stream().allMatch(v -> Currencies.normalise(v) != null)) {
                description.remove(column);
                roles.computeIfAbsent("currency", r -> new ArrayList<>()).add(column);
                continue;
            }
            long distinct = values.stream().distinct().count();
            boolean codes = values.stream().allMatch(v -> v.strip().matches("[A-Z_]{1,10}")) && distinct <= 5
                    || values.size() >= 5 && values.stream().allMatch(v -> v.strip().matches("[A-Z]{2,4}")) && distinct <= 12;
            if (codes) {
                description.remove(column);
                roles.computeIfAbsent("type", r -> new ArrayList<>()).add(column);
            }
        }
        if (description.isEmpty()) roles.remove("description");
    }

    /**
     * When the preamble names the owner's account, an "account" column whose values change from row to row holds
     * the counterparty's (DKB's IBAN column): it is not the row's account.
     */
    private static void keepConstantAccountColumns(Map<String, List<Integer>> roles, List<List<String>> sample) {
        List<Integer> kept = new ArrayList<>();
        for (int column : roles.get("account")) {
            if (column(sample, column).stream().distinct().count() <= 1) kept.add(column);
            else roles.computeIfAbsent("ignore", r -> new ArrayList<>()).add(column);
        }
        if (kept.isEmpty()) roles.remove("account");
        else roles.put("account", kept);
    }

    /** Values a direction column writes: a column of nothing else says out or in for each row's amount. */
    private static final Pattern DIRECTION_WORD = Pattern.compile(
            "(?i)debit|credit|dr|cr|db|d|c|af|bij|s|h|soll|haben|débit|crédit|debet|dbit|crdt|cargo|abono|支出|收入|不计收支|/");

    /**
     * A type or description column holding only direction words (Capital One's Transaction Type Debit/Credit,
     * Chase's Details DEBIT/CREDIT, Navy Federal's indicator) says the sign of an unsigned amount: it is the direction.
     */
    private static void findDirection(Map<String, List<Integer>> roles, List<List<String>> sample) {
        if (!roles.containsKey("amount") || roles.containsKey("direction") || sample.size() < 2) return;
        Set<Integer> unroled = new java.util.TreeSet<>();
        int width = sample.stream().mapToInt(List::size).max().orElse(0);
        for (int c = 0; c < width; c++) unroled.add(c);
        roles.values().forEach(unroled::removeAll);
        roles.put("(none)", new ArrayList<>(unroled));
        try {
            findDirectionIn(roles, sample);
        } finally {
            roles.remove("(none)");
        }
    }

    private static void findDirectionIn(Map<String, List<Integer>> roles, List<List<String>> sample) {
        for (String role : List.of("type", "description", "ignore", "(none)")) {
            for (Integer column : new ArrayList<>(roles.getOrDefault(role, List.of()))) {
                List<String> values = column(sample, column);
                if (values.size() * 2 < sample.size()) continue;
                if (values.stream().allMatch(v -> DIRECTION_WORD.matcher(v.strip()).matches())
                        && values.stream().map(v -> v.strip().toLowerCase(java.util.Locale.ROOT)).distinct().count() >= 1) {
                    List<Integer> rest = new ArrayList<>(roles.get(role));
                    rest.remove(column);
                    if (rest.isEmpty()) roles.remove(role);
                    else roles.put(role, rest);
                    roles.put("direction", new ArrayList<>(List.of(column)));
                    return;
                }
            }
        }
    }

    /** A currency the file states outside the rows: the amount column's header, a preamble line, an IBAN, a sort code. */
    private static String explicitCurrency(HeaderRoles header, Map<String, List<Integer>> roles, String preamble) {
        for (String role : List.of("amount", "debit", "credit")) {
            for (int i : roles.getOrDefault(role, List.of())) {
                String c = header.currencies().get(i);
                if (c != null) return c;
            }
        }
        Matcher m = PREAMBLE_CURRENCY.matcher(preamble);
        if (m.find()) return m.group(1) != null ? m.group(1) : Currencies.normalise(m.group(2));
        Optional<String> iban = AccountClues.iban(preamble);
        if (iban.isPresent() && AccountClues.ibanCurrency(iban.get()) != null) return AccountClues.ibanCurrency(iban.get());
        if (iban.isPresent()) return "EUR";
        if (AccountClues.mentionsSortCode(preamble + " " + String.join(" ", header.cells()))) return "GBP";
        return null;
    }

    /**
     * The currency the rows themselves state: an IBAN or sort code in the owner's account column, or one IBAN that
     * appears in most rows (the owner's own, in a payer/payee column).
     */
    private static String rowCurrency(Map<String, List<Integer>> roles, List<List<String>> sample) {
        for (int c : roles.getOrDefault("account", List.of())) {
            for (String v : column(sample, c)) {
                Optional<String> iban = AccountClues.iban(v);
                if (iban.isPresent()) return AccountClues.ibanCurrency(iban.get()) != null ? AccountClues.ibanCurrency(iban.get()) : "EUR";
                if (AccountClues.mentionsSortCode(v)) return "GBP";
            }
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        sample = sample.subList(0, Math.min(sample.size(), CLUE_ROWS));
        for (List<String> row : sample) {
            java.util.Set<String> inRow = new java.util.HashSet<>();
            for (String cell : row) AccountClues.iban(cell).ifPresent(inRow::add);
            inRow.forEach(i -> counts.merge(i, 1, Integer::sum));
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (sample.size() >= 3 && e.getValue() * 2 > sample.size()) {
                String c = AccountClues.ibanCurrency(e.getKey());
                return c != null ? c : "EUR";
            }
        }
        return null;
    }

    /** The currency most rows' currency column states: what a row with an empty one is in too. */
    private static String dominantCurrency(Map<String, List<Integer>> roles, List<List<String>> sample) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int c : roles.getOrDefault("currency", List.of())) {
            for (String v : column(sample, c)) {
                String code = Currencies.normalise(v);
                if (code != null) counts.merge(code, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static final Pattern COUNTRY_SUFFIX = Pattern.compile(
            "\\b(AUS|AU|NZL|NZ|GBR|GB|UK|USA|US|CAN|IRL|CHE)\\b(?=\\s*$|\\s+card\\s|\\s+\\d{2}/\\d{2}|\\s+value date)",
            Pattern.CASE_INSENSITIVE);
    /** The payment-type codes British banks end their statement lines with (DD, SO, BP, CR, VIS, ")))" contactless). */
    private static final Pattern UK_CODE = Pattern.compile("(\\s(DD|SO|BP|CR|DR|VIS|BGC|TFR|FPI|FPO|DEB|CPT)|\\)\\)\\))\\s*$");
    private static final Map<String, String> COUNTRY_CURRENCY = Map.ofEntries(
            Map.entry("AUS", "AUD"), Map.entry("AU", "AUD"), Map.entry("NZL", "NZD"), Map.entry("NZ", "NZD"),
            Map.entry("GBR", "GBP"), Map.entry("GB", "GBP"), Map.entry("UK", "GBP"), Map.entry("USA", "USD"),
            Map.entry("US", "USD"), Map.entry("CAN", "CAD"), Map.entry("CHE", "CHF"));

    /** Card rows end with the merchant's country (JB HI FI HORNSBY NS AUS): when most agree, that is the account's. */
    private static String merchantCountry(Map<String, List<Integer>> roles, List<List<String>> sample) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        int rows = 0;
        sample = sample.subList(0, Math.min(sample.size(), CLUE_ROWS));
        for (List<String> row : sample) {
            rows++;
            for (String role : List.of("description", "counterparty")) {
                for (int c : roles.getOrDefault(role, List.of())) {
                    if (c >= row.size()) continue;
                    Matcher m = COUNTRY_SUFFIX.matcher(row.get(c).strip());
                    String last = null;
                    while (m.find()) last = m.group(1).toUpperCase(java.util.Locale.ROOT);
                    if (last != null) counts.merge(last, 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (rows >= 3 && e.getValue() * 4 >= rows && COUNTRY_CURRENCY.containsKey(e.getKey())) return COUNTRY_CURRENCY.get(e.getKey());
        }
        int ukCodes = 0;
        for (List<String> row : sample) {
            for (int c : roles.getOrDefault("description", List.of())) {
                if (c < row.size() && UK_CODE.matcher(row.get(c)).find()) ukCodes++;
            }
        }
        return rows >= 3 && ukCodes * 2 >= rows ? "GBP" : null;
    }

    /** Japanese text (kana) means yen, Chinese text without kana means yuan. */
    private static String byScript(List<DecodedText.Line> lines, int firstRow) {
        int kana = 0;
        boolean han = false;
        for (int i = 0; i < Math.min(lines.size(), firstRow + 50); i++) {
            String t = lines.get(i).text();
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                Character.UnicodeScript script = Character.UnicodeScript.of(c);
                if ((script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA)
                        && c != '\u30FB' && c != '\u30FC') kana++;
                if (script == Character.UnicodeScript.HAN) han = true;
            }
        }
        return kana >= 3 ? "JPY" : han ? "CNY" : null;
    }

    /** Countries writing month first use the dollar; the others stated here write day first. */
    private static Boolean dayFirstFor(String currency) {
        if (currency == null) return null;
        return !currency.equals("USD");
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
