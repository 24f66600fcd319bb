package dev.sparkflow.jobs.parse;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account a file names when none is configured for it: an IBAN, an account or card number (masked or not) in
 * an account column or a preamble line, or an app's account name; and the id such an inferred account gets
 * ({@code iban-nl91abna0417164300}, {@code card-1234}, {@code acct-4300}, or a slug of the name).
 */
public final class AccountClues {
    private static final Pattern IBAN = Pattern.compile("\\b([A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\\b");
    private static final Pattern CARD_WORD = Pattern.compile(
            "card|karte|kaart|carte|tarjeta|carta|visa|mastercard|amex", Pattern.CASE_INSENSITIVE);
    /** A labelled number in a preamble line: "Account Number: 1234 5678", "Kontonummer;123456789", "Card ****1234". */
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)\\b(account|acct|konto|kontonummer|kundennummer|kto|rekening|rekeningnummer|compte|cuenta|conto|conta|card|karte|kaart"
                    + "|carte|tarjeta|carta|depot|iban|nummer|number|no\\.?|nr\\.?|n°)(?![a-zäöü])[^0-9*•]{0,40}?"
                    + "([*xX•#.\\-\\d][*xX•#.\\-\\d ]{2,30}\\d)(?![.,]?\\d)");
    /** A bare account number leading a preamble line, as French banks write it (="0128700052649130"). */
    private static final Pattern BARE_NUMBER = Pattern.compile("^\\W*=?\"?(\\d{10,})\"?\\s*[;,]");
    /** An app's account: an e-mail address or an @handle in the preamble (Alipay, Venmo). */
    private static final Pattern EMAIL_OR_HANDLE = Pattern.compile(
            "([\\w.+-]+@[\\w-]+\\.[\\w.]+)|\\(@([\\w-]{3,})\\)|(?<![\\w.])@([A-Za-z][\\w-]{2,})"
                    + "|(?:昵称|nickname)[:：]\\s*\\[?([\\w.-]{2,})");
    private static final Pattern SORT_CODE = Pattern.compile("(?i)sort ?code|\\b\\d{2}-\\d{2}-\\d{2}\\b");
    /** The currency of an IBAN's country, for the countries whose banks export without stating one. */
    private static final Map<String, String> IBAN_CURRENCY = Map.ofEntries(
            Map.entry("GB", "GBP"), Map.entry("CH", "CHF"), Map.entry("LI", "CHF"), Map.entry("SE", "SEK"),
            Map.entry("DK", "DKK"), Map.entry("NO", "NOK"), Map.entry("PL", "PLN"), Map.entry("CZ", "CZK"),
            Map.entry("HU", "HUF"), Map.entry("RO", "RON"), Map.entry("BG", "BGN"), Map.entry("IS", "ISK"),
            Map.entry("TR", "TRY"));

    /** IBAN lengths of the countries whose exports we read most: the shape alone identifies those IBANs. */
    private static final Map<String, Integer> IBAN_LENGTH = Map.ofEntries(
            Map.entry("DE", 22), Map.entry("NL", 18), Map.entry("BE", 16), Map.entry("FR", 27), Map.entry("ES", 24),
            Map.entry("IT", 27), Map.entry("AT", 20), Map.entry("CH", 21), Map.entry("GB", 22), Map.entry("IE", 22),
            Map.entry("LU", 20), Map.entry("PT", 25), Map.entry("SE", 24), Map.entry("DK", 18), Map.entry("NO", 15),
            Map.entry("FI", 18), Map.entry("PL", 28), Map.entry("LT", 20), Map.entry("EE", 20));

    private AccountClues() {
    }

    /** An account found in a file: its id, the identifier it was found by, and what kind of clue it was. */
    public record Found(String id, String identifier, String source) {
    }

    /** The IBAN in {@code text} (check digits verified), upper case without spaces, if any. */
    public static Optional<String> iban(String text) {
        Matcher m = IBAN.matcher(text.toUpperCase(Locale.ROOT));
        while (m.find()) {
            String iban = m.group(1).replace(" ", "");
            Integer length = IBAN_LENGTH.get(iban.substring(0, 2));
            if (length != null ? length == iban.length() : iban.length() >= 15 && iban.length() <= 34 && checksumOk(iban)) {
                return Optional.of(iban);
            }
        }
        return Optional.empty();
    }

    /** The account a value of an account column names ({@code label} is the column's header). */
    public static Found fromValue(String value, String label) {
        String v = value.strip();
        Optional<String> iban = iban(v);
        if (iban.isPresent()) return new Found("iban-" + iban.get().toLowerCase(Locale.ROOT), iban.get(), "column");
        String digits = v.replaceAll("\\D", "");
        if (v.replaceAll("[\\s\\-]", "").matches(".*\\d{4,}.*")) {
            String prefix = CARD_WORD.matcher(label + " " + v).find() ? "card-" : "acct-";
            return new Found(prefix + digits.substring(digits.length() - 4), v, "column");
        }
        return new Found(slug(v), v, "column");
    }

    /** The account named in the lines above the header (an IBAN first, then a labelled number), if any. */
    public static Optional<Found> inPreamble(List<String> lines) {
        for (String line : lines) {
            Optional<String> iban = iban(line);
            if (iban.isPresent()) {
                return Optional.of(new Found("iban-" + iban.get().toLowerCase(Locale.ROOT), iban.get(), "preamble"));
            }
        }
        Found account = null;
        for (String line : lines) {
            Matcher m = LABELLED.matcher(line);
            while (m.find()) {
                String digits = m.group(2).replaceAll("\\D", "");
                if (digits.length() < 4 || looksLikeDateOrMoney(m.group(2))) continue;
                boolean card = CARD_WORD.matcher(line).find();
                Found found = new Found((card ? "card-" : "acct-") + digits.substring(digits.length() - 4),
                        m.group(2).strip(), "preamble");
                if (card) return Optional.of(found); // a card statement names the card it is about, and its account
                if (account == null) account = found;
            }
        }
        if (account != null) return Optional.of(account);
        for (String line : lines) {
            Matcher m = BARE_NUMBER.matcher(line);
            if (m.find()) {
                String digits = m.group(1);
                return Optional.of(new Found("acct-" + digits.substring(digits.length() - 4), digits, "preamble"));
            }
        }
        for (String line : lines) {
            Matcher m = EMAIL_OR_HANDLE.matcher(line);
            if (m.find()) {
                String id = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2)
                        : m.group(3) != null ? m.group(3) : m.group(4);
                return Optional.of(new Found(slug(id), id, "preamble"));
            }
        }
        return Optional.empty();
    }

    private static boolean looksLikeDateOrMoney(String s) {
        return s.matches(".*\\d{1,4}[./-]\\d{1,2}[./-]\\d{2,4}.*") || s.matches(".*\\d[.,]\\d{2}$");
    }

    /** The currency an IBAN's country implies where it is not the euro area, or null. */
    public static String ibanCurrency(String iban) {
        return iban == null || iban.length() < 2 ? null : IBAN_CURRENCY.get(iban.substring(0, 2));
    }

    /** Whether the text names a UK sort code (so the account is in pounds). */
    public static boolean mentionsSortCode(String text) {
        return SORT_CODE.matcher(text).find();
    }

    /** Lower case, accents dropped, every run of other characters than a-z and 0-9 as one '-', none at the ends. */
    public static String slug(String text) {
        String s = text.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("Æ", "ae").replace("Ø", "o");
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        s = s.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 60) s = s.substring(0, 60).replaceAll("-+$", "");
        return s.isEmpty() ? "account" : s;
    }

    /** ISO 13616 check: the IBAN moved and read as a number is 1 modulo 97. */
    private static boolean checksumOk(String iban) {
        String moved = iban.substring(4) + iban.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < moved.length(); i++) {
            char c = moved.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            if (v < 0 || v > 35) return false;
            mod = v >= 10 ? (mod * 100 + v) % 97 : (mod * 10 + v) % 97;
        }
        return mod == 1;
    }
}
