package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.HeaderNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Column roles the values correct after the header named them: a "type" of free text is the description, a
 * description of a few codes a type, a column of direction words the direction, an IBAN column the counterparty's,
 * a holder's name left out, a broker's type its action; and the account holder of a payer/payee file.
 */
final class ColumnRoles {
    /** The role of a column holding the counterparty's IBAN: kept beside the row, never its account nor its text. */
    static final String COUNTERPARTY_IBAN = "counterparty_iban";

    private ColumnRoles() {
    }

    /** Columns called just "type" stay types however long their values (Nationwide's "Transfer from S BHATT"). */
    private static final Set<String> LITERAL_TYPE = Set.of("type", "transaction type", "typ", "trans type", "type de transaction");

    /**
     * A "type" column whose values are free text (comdirect's Buchungstext, a long Vorgang) is the description;
     * a short, repetitive one (LASTSCHRIFT, Sale) stays a type.
     */
    static void promoteFreeTextTypes(Map<String, List<Integer>> roles, List<List<String>> sample, HeaderRoles header) {
        List<Integer> types = roles.get("type");
        if (types == null || sample.isEmpty()) return;
        List<Integer> keep = new ArrayList<>();
        for (int column : types) {
            List<String> values = LayoutResolver.column(sample, column);
            double avg = values.stream().mapToInt(String::length).average().orElse(0);
            long distinct = values.stream().distinct().count();
            if (LITERAL_TYPE.contains(HeaderNames.normalise(LayoutResolver.name(header, column)))) {
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
    static String holder(Map<String, List<Integer>> roles, List<List<String>> sample) {
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
    static void settleByValues(Map<String, List<Integer>> roles, List<String> cells, List<List<String>> sample) {
        for (String role : List.of("description", "counterparty", "payer", "payee")) {
            for (Integer c : new ArrayList<>(roles.getOrDefault(role, List.of()))) {
                List<String> values = LayoutResolver.column(sample, c);
                if (!values.isEmpty() && values.stream().allMatch(v -> AccountClues.iban(v).isPresent()
                        && v.replace(" ", "").length() <= 34)) {
                    move(roles, role, c, COUNTERPARTY_IBAN);
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
            List<String> values = LayoutResolver.column(sample, c);
            long distinct = values.stream().distinct().count();
            boolean ibans = !values.isEmpty() && values.stream().allMatch(v -> AccountClues.iban(v).isPresent());
            if (distinct > Math.max(4, values.size() / 3) || namesCounterparty && ibans && distinct > 2) {
                move(roles, "account", c, ibans ? COUNTERPARTY_IBAN : "ignore"); // the counterparty's, row by row
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
                List<String> values = LayoutResolver.column(sample, c);
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
            List<String> values = LayoutResolver.column(sample, c);
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
                List<String> values = LayoutResolver.column(sample, c);
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

    static void move(Map<String, List<Integer>> roles, String from, Integer column, String to) {
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
    static void demoteCodes(Map<String, List<Integer>> roles, List<List<String>> sample) {
        List<Integer> description = roles.get("description");
        if (description == null || sample.size() < 5) return;
        for (Integer column : new ArrayList<>(description)) {
            List<String> values = LayoutResolver.column(sample, column);
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
    static void keepConstantAccountColumns(Map<String, List<Integer>> roles, List<List<String>> sample) {
        List<Integer> kept = new ArrayList<>();
        for (int column : roles.get("account")) {
            List<String> values = LayoutResolver.column(sample, column);
            if (values.stream().distinct().count() <= 1) kept.add(column);
            else roles.computeIfAbsent(values.stream().allMatch(v -> v.isBlank() || AccountClues.iban(v).isPresent())
                    ? COUNTERPARTY_IBAN : "ignore", r -> new ArrayList<>()).add(column);
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
    static void findDirection(Map<String, List<Integer>> roles, List<List<String>> sample) {
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

    static void findDirectionIn(Map<String, List<Integer>> roles, List<List<String>> sample) {
        for (String role : List.of("type", "description", "ignore", "(none)")) {
            for (Integer column : new ArrayList<>(roles.getOrDefault(role, List.of()))) {
                List<String> values = LayoutResolver.column(sample, column);
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
}
