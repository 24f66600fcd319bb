package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.ColumnSynonyms;
import dev.sparkflow.jobs.config.HeaderNames;
import dev.sparkflow.jobs.model.LakeDataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles a header line names, through the column-name dictionary: each cell looked up as written, then without
 * a currency it carries ("Amount (EUR)", "Betrag (€)", "Amount ($)", "Amount EUR", "CAD$"), which becomes that
 * column's currency. A second date column is the value date; several amount columns are tried in order per row.
 */
record HeaderRoles(List<String> cells, char delimiter, Map<String, List<Integer>> roles,
                   Map<Integer, String> currencies, int recognised) {

    private static final Pattern PARENS = Pattern.compile("^(.*?)\\s*[(\\[]([^)\\]]*)[)\\]]\\s*$");
    /** Date headers in English: a file whose date header is in another language writes day before month. */
    private static final Set<String> ENGLISH_DATE = Set.of("date", "booking date", "transaction date", "trans date",
            "trans. date", "posting date", "posted date", "post date", "run date", "settlement date", "started date",
            "date started", "created", "date completed (utc)", "datetime", "timestamp", "clearing date", "entry date",
            "book date", "completed date", "trade date", "date of transaction", "value date", "transaction time");

    /** Date-role names that, after another date column, hold only the time of day. */
    private static final Set<String> TIME_OF_DAY = Set.of("time");

    static HeaderRoles of(LakeDataset dataset, List<String> cells, char delimiter, ColumnSynonyms synonyms) {
        Map<String, List<Integer>> roles = new LinkedHashMap<>();
        Map<Integer, String> currencies = new LinkedHashMap<>();
        int recognised = 0;
        for (int i = 0; i < cells.size(); i++) {
            Optional<Match> m = match(dataset, cells.get(i), synonyms);
            if (m.isEmpty()) continue;
            recognised++;
            String role = m.get().role();
            if (role.equals("date") && roles.containsKey("date") && TIME_OF_DAY.contains(HeaderNames.normalise(cells.get(i)))) {
                role = "ignore"; // a "Time" column beside a date is the time of day
            } else if (role.equals("date") && roles.containsKey("date") && !roles.containsKey("value_date")) {
                role = "value_date";
            }
            roles.computeIfAbsent(role, r -> new ArrayList<>()).add(i);
            if (m.get().currency() != null) currencies.put(i, m.get().currency());
        }
        return new HeaderRoles(cells, delimiter, roles, currencies, recognised);
    }

    /** A role, with the currency the header names, if any. */
    record Match(String role, String currency) {
    }

    static Optional<Match> match(LakeDataset dataset, String cell, ColumnSynonyms synonyms) {
        String name = HeaderNames.normalise(cell);
        if (name.isEmpty()) return Optional.empty();
        Optional<String> direct = synonyms.roleOf(dataset, name);
        if (direct.isPresent()) return Optional.of(new Match(direct.get(), null));
        Matcher parens = PARENS.matcher(name);
        if (parens.matches()) {
            String currency = currencyOf(parens.group(2));
            Optional<String> base = synonyms.roleOf(dataset, parens.group(1));
            if (currency != null && base.isPresent()) return Optional.of(new Match(base.get(), currency));
            if (base.isPresent() && !base.get().equals("amount")) return Optional.of(new Match(base.get(), null));
        }
        String[] words = name.split(" ");
        if (words.length >= 2) {
            String first = currencyOf(words[0]), last = currencyOf(words[words.length - 1]);
            if (last != null) {
                Optional<String> base = synonyms.roleOf(dataset, name.substring(0, name.lastIndexOf(' ')).replaceAll("\\s+in$", ""));
                if (base.isPresent()) return Optional.of(new Match(base.get(), last));
            }
            if (first != null) {
                Optional<String> base = synonyms.roleOf(dataset, name.substring(name.indexOf(' ') + 1));
                if (base.isPresent()) return Optional.of(new Match(base.get(), first));
            }
        }
        if (dataset == LakeDataset.TRANSACTIONS && name.length() >= 4 && name.length() <= 5 && name.endsWith("$")) {
            String code = currencyOf(name.substring(0, 3));
            if (code != null) return Optional.of(new Match("amount", code));
        }
        return Optional.empty();
    }

    /** The ISO code for a currency code or symbol written in a header, or null. */
    static String currencyOf(String text) {
        String t = text.strip();
        if (t.isEmpty()) return null;
        AmountParser.Result r = AmountParser.parse("1 " + t.toUpperCase(Locale.ROOT), NumberStyle.POINT);
        if (r.ok() && r.currency() != null) return r.currency();
        r = AmountParser.parse(t + "1", NumberStyle.POINT);
        return r.ok() ? r.currency() : null;
    }

    /** Whether every recognised header name is an English one (a rough tell of a British, Irish or Australian export). */
    boolean englishOnly() {
        for (List<Integer> at : roles.values()) {
            for (int i : at) {
                if (!HeaderNames.normalise(cells.get(i)).matches("[a-z0-9 .#&/()$*'_-]+")) return false;
                if (NON_ENGLISH.contains(HeaderNames.normalise(cells.get(i)))) return false;
            }
        }
        return nonEnglishDate() == false;
    }

    private static final Set<String> NON_ENGLISH = Set.of("datum", "betrag", "bedrag", "saldo", "omschrijving",
            "naam", "rekening", "konto", "montant", "importe", "importo", "valuta", "wertstellung", "buchung", "fecha",
            "data", "libelle", "concepto", "descrizione", "munt", "devise", "tegenrekening", "mededelingen", "code");

    /** Header words only Danish, Norwegian or Swedish exports use, and the currency of those countries' accounts. */
    private static final Map<String, String> LANGUAGE_CURRENCY = Map.ofEntries(
            Map.entry("beløb", "DKK"), Map.entry("afstemt", "DKK"), Map.entry("bogført", "DKK"), Map.entry("underkategori", "DKK"),
            Map.entry("beløp", "NOK"), Map.entry("forklaring", "NOK"), Map.entry("rentedato", "NOK"),
            Map.entry("ut fra konto", "NOK"), Map.entry("inn på konto", "NOK"),
            Map.entry("belopp", "SEK"), Map.entry("bokföringsdag", "SEK"), Map.entry("bokfört saldo", "SEK"));

    /** The currency a header's language implies, where a language belongs to one non-euro country; else null. */
    String languageCurrency() {
        for (String cell : cells) {
            String c = LANGUAGE_CURRENCY.get(HeaderNames.normalise(cell));
            if (c != null) return c;
        }
        return null;
    }

    boolean has(String role) {
        return roles.containsKey(role);
    }

    /** Whether the date column's header is not English (the file then writes its dates day first). */
    boolean nonEnglishDate() {
        List<Integer> at = roles.get("date");
        if (at == null || at.get(0) >= cells.size()) return false;
        String name = HeaderNames.normalise(cells.get(at.get(0)));
        return !name.isEmpty() && !ENGLISH_DATE.contains(name);
    }
}
