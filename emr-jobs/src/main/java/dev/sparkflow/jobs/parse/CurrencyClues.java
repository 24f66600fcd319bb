package dev.sparkflow.jobs.parse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The currency a CSV file states without a currency column: the amount header, a preamble line, an IBAN or sort
 * code, one IBAN on most rows, the currency most rows name, the merchants' country or British statement codes, the
 * script the file is written in; and which date order a stated currency implies.
 */
final class CurrencyClues {
    /** ISO codes a preamble line may state the file's currency with (a whitelist: "ALL" or "CUP" are also words). */
    private static final Pattern PREAMBLE_CURRENCY = Pattern.compile(
            "\\b(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|JPY|CNY|AUD|CAD|NZD|HKD|SGD|INR|BRL|MXN|ZAR|TRY|RON|BGN|ISK)\\b|([€£¥])");
    /** Rows scanned for currency clues in the cells (IBANs, merchants' countries): a statement's first rows tell. */
    static final int CLUE_ROWS = 500;

    private CurrencyClues() {
    }

    /** A currency the file states outside the rows: the amount column's header, a preamble line, an IBAN, a sort code. */
    static String explicitCurrency(HeaderRoles header, Map<String, List<Integer>> roles, String preamble) {
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
    static String rowCurrency(Map<String, List<Integer>> roles, List<List<String>> sample) {
        for (int c : roles.getOrDefault("account", List.of())) {
            for (String v : LayoutResolver.column(sample, c)) {
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
    static String dominantCurrency(Map<String, List<Integer>> roles, List<List<String>> sample) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int c : roles.getOrDefault("currency", List.of())) {
            for (String v : LayoutResolver.column(sample, c)) {
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
    static String merchantCountry(Map<String, List<Integer>> roles, List<List<String>> sample) {
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
    static String byScript(List<DecodedText.Line> lines, int firstRow) {
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
    static Boolean dayFirstFor(String currency) {
        if (currency == null) return null;
        return !currency.equals("USD");
    }
}
