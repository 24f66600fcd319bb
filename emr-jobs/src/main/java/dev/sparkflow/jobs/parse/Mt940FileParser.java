package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SWIFT MT940 customer statements and MT942 interim transaction reports as banks export them: one or many
 * messages per file, with or without the {@code {1:}{2:}{4: … -}} envelope, {@code -} terminators or none, a bank's
 * preamble lines, CRLF or LF.
 * <ul>
 *   <li>{@code :20:} opens a statement, {@code :25:} names its account (IBAN, IBAN with its currency, bank
 *   code/account number, BIC/account/currency), {@code :60F:}/{@code :60M:} and {@code :62F:}/{@code :62M:} state
 *   the opening and closing balances, {@code :64:}/{@code :65:} the available ones; these lines are counted as
 *   "balance", the header fields as "header".</li>
 *   <li>Each {@code :61:} is one row on its line: value date, optional entry (booking) date MMDD whose year follows
 *   the value date across a year end, mark C/D, RC/RD (a reversal: RC takes money out, RD brings it back), an
 *   optional funds code (the currency's third letter), the amount with a decimal comma, the transaction type, the
 *   owner's reference, {@code //} the bank's reference and a supplementary line.</li>
 *   <li>Its {@code :86:} (or the non-SWIFT {@code :NS:} of MultiCash exports) gives the text: the German structured
 *   form of the DK specification ({@code ?00} posting text, {@code ?20-?29} and {@code ?60-?63} purpose with the SEPA
 *   identifiers EREF+, MREF+, SVWZ+ ..., {@code ?32/?33} name; other banks use {@code >} or {@code ~} as the
 *   separator), the Dutch structured form ({@code /TRTP/…/NAME/…/REMI/…}, ING's {@code /CNTP/}), labelled free
 *   text (ABN AMRO's {@code NAAM: … OMSCHRIJVING: …}, PostFinance's, mBank's) or plain free text. Rabobank's layout before 2014 names the counterparty on the
 *   {@code :61:} line itself.</li>
 *   <li>MT942 entries are read like MT940 ones and are booked: SWIFT defines the interim report as the entries
 *   booked since the last statement. The German banking standard (DFÜ-Abkommen, FinTS) instead uses MT942 for
 *   Vormerkposten, entries not yet booked, so a German MT942 (a bank code/account or DE IBAN in {@code :25:}, or a
 *   {@code STARTDISP} reference) is pending; so is an entry marked EC/ED (expected credit/debit).</li>
 * </ul>
 * An entry is quarantined when its statement names no account or no currency, or its dates or amount cannot be
 * read; the rest of the file is read. A statement's closing booked balance ({@code :62F:}/{@code :62M:}) is a row of
 * the balances dataset on its first line; the other balances are balance lines. A statement whose opening balance and entries do not
 * add up to its closing balance (an MT942's entries to its {@code :90D:}/{@code :90C:} totals) is named in the
 * layout detail {@code balance_check}, its rows kept. Polish, Czech, Slovak, Hungarian, Slovenian and Croatian
 * accounts' files are decoded as windows-1250 when they are not UTF-8.
 */
final class Mt940FileParser {
    /** The fields of MT940 and MT942, and the non-SWIFT {@code :NS:}; a line opening with another ":nn:" continues a field. */
    private static final Set<String> TAGS = Set.of("20", "21", "25", "28", "28C", "60F", "60M", "61", "86", "62F",
            "62M", "64", "65", "34F", "13", "13D", "90D", "90C", "NS");
    private static final Set<String> BALANCE_TAGS = Set.of("60F", "60M", "62F", "62M", "64", "65");
    private static final Pattern TAG = Pattern.compile("^:(\\d{2}[A-Z]?|NS):");
    /** The second half of a tag a bank broke after its first colon (":" on one line, "86:" on the next). */
    private static final Pattern TAG_REST = Pattern.compile("^(\\d{2}[A-Z]?|NS):");
    /** :61: value date, entry date, mark (C, D, RC, RD; EC, ED expected), funds code, amount. */
    private static final Pattern STATEMENT_LINE = Pattern.compile(
            "^(\\d{6})(\\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\\d[\\d,.]*)?");
    /** A balance: mark, date, currency, amount. */
    private static final Pattern BALANCE = Pattern.compile("^([CD])(\\d{6})([A-Z]{3})(\\d[\\d,.]*)");
    /** A SWIFT amount: digits with one decimal comma (or point), decimals optional ("9," is 9.00). */
    private static final Pattern AMOUNT = Pattern.compile("^(\\d{1,15})(?:[,.](\\d*))?$");
    /** :34F: floor limit (currency, optional mark, amount) and :90D:/:90C: totals (count, currency, amount). */
    private static final Pattern FLOOR = Pattern.compile("^([A-Z]{3})[CD]?\\d");
    private static final Pattern TOTAL = Pattern.compile("^(\\d+)([A-Z]{3})(\\d[\\d,.]*)");
    /** A currency written after the account in :25: ("NL20INGB0001234567EUR", "NL84RABO0121212121 EUR", ".../HUF"). */
    private static final Pattern ACCOUNT_CURRENCY = Pattern.compile("(?<=[0-9A-Z])[ /]?([A-Z]{3})$");
    /** A German bank code and account number ("37050198/1002345678"). */
    private static final Pattern BANK_CODE_ACCOUNT = Pattern.compile("^\\d{8}/\\d+");
    /** The German structured :86:: an optional 3-digit transaction code, then a separator and a 2-digit sub-field code. */
    private static final Pattern GERMAN_START = Pattern.compile("^(\\d{3})?([?>~])\\d{2}");
    /** An original amount as the Dutch OCMT tag writes it: currency then amount ({@code USD12,34}). */
    private static final Pattern ORIGINAL_AMOUNT = Pattern.compile("([A-Z]{3})\\s*(\\d[\\d.,]*)");
    /** The transaction type of a :61: line: N, S or F and three letters or digits (NTRF, NMSC, S202, FCHG). */
    private static final Pattern SWIFT_TYPE = Pattern.compile("[NSF][A-Z0-9]{3}");
    /** Where a statement line's text is cut: SWIFT lines hold 65 characters, a full one was wrapped mid-text. */
    private static final int SWIFT_LINE = 65;
    private static final Charset WINDOWS_1250 = Charset.forName("windows-1250");
    /** Countries whose banks write their exports in windows-1250. */
    private static final Set<String> CENTRAL_EUROPE = Set.of("PL", "CZ", "SK", "HU", "SI", "HR");
    private static final Set<String> CENTRAL_EUROPE_CURRENCIES = Set.of("PLN", "CZK", "HUF");

    private Mt940FileParser() {
    }

    /**
     * Whether the text is MT940/MT942: near the top a {@code :20:} (or a SWIFT {@code {1:}/{4:} block), a
     * {@code :25:}, and a statement number, balance, floor limit or entry.
     */
    static boolean looksLikeMt940(DecodedText text) {
        boolean start = false, account = false, body = false;
        int seen = 0;
        for (DecodedText.Line line : text.lines()) {
            String t = line.text().strip();
            if (t.isEmpty()) continue;
            if (seen++ > 80) break;
            if (t.startsWith(":20:") || t.startsWith("{1:") || t.startsWith("{4:")) start = true;
            if (t.startsWith(":25:")) account = true;
            if (t.startsWith(":28C:") || t.startsWith(":28:") || t.startsWith(":60F:") || t.startsWith(":60M:")
                    || t.startsWith(":61:") || t.startsWith(":34F:") || t.startsWith(":13D:")) body = true;
            if (start && account && body) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ reading the file into fields and statements

    /** A field as written: its tag, the numbers of the lines it spans and each line's text (the first without the tag). */
    private record Field(String tag, List<Integer> lines, List<String> text, List<String> raw) {
        int line() {
            return lines.get(0);
        }

        String first() {
            return text.get(0).strip();
        }
    }

    /** The fields of a file in order, how many lines were blank or outside any field, and which did not decode. */
    private record Scan(List<Field> fields, int blank, int markup, Set<Integer> badLines) {
    }

    /** One statement (MT940) or interim report (MT942). */
    private static final class Statement {
        final int line;
        String reference = "", number = "", account = "", floorCurrency;
        boolean interim;
        final List<Field> balances = new ArrayList<>();
        final List<Entry> entries = new ArrayList<>();
        final List<Field> totals = new ArrayList<>();

        Statement(int line) {
            this.line = line;
        }

        /** How the file names this statement: its reference and statement number, else its line. */
        String name() {
            String n = (reference + " " + number).strip();
            return n.isEmpty() ? "line " + line : n;
        }
    }

    /** One :61: entry with its :86: and :NS: fields. */
    private static final class Entry {
        final Statement statement;
        final Field field61;
        final List<Field> info = new ArrayList<>(), nonSwift = new ArrayList<>();

        Entry(Statement statement, Field field61) {
            this.statement = statement;
            this.field61 = field61;
        }

        int lineCount() {
            int n = field61.lines().size();
            for (Field f : info) n += f.lines().size();
            for (Field f : nonSwift) n += f.lines().size();
            return n;
        }

        String raw() {
            List<String> raw = new ArrayList<>(field61.raw());
            info.forEach(f -> raw.addAll(f.raw()));
            nonSwift.forEach(f -> raw.addAll(f.raw()));
            return String.join("\n", raw);
        }

        boolean badEncoding(Set<Integer> badLines) {
            if (badLines.isEmpty()) return false;
            for (int n : field61.lines()) if (badLines.contains(n)) return true;
            for (Field f : info) for (int n : f.lines()) if (badLines.contains(n)) return true;
            for (Field f : nonSwift) for (int n : f.lines()) if (badLines.contains(n)) return true;
            return false;
        }
    }

    /** Splits the lines into fields; a line that opens no field continues the open one, or is markup outside one. */
    private static Scan scan(List<DecodedText.Line> lines) {
        List<Field> fields = new ArrayList<>();
        Set<Integer> bad = new LinkedHashSet<>();
        int blank = 0, markup = 0;
        Field open = null;
        for (int i = 0; i < lines.size(); i++) {
            DecodedText.Line line = lines.get(i);
            String t = line.text();
            if (line.badEncoding()) bad.add(line.number());
            if (t.isBlank()) {
                blank++;
                continue;
            }
            String s = t.strip();
            Matcher m = TAG.matcher(s);
            if (m.find() && TAGS.contains(m.group(1))) {
                open = field(m.group(1), line.number(), s.substring(m.end()), s);
                fields.add(open);
                continue;
            }
            if (s.equals(":") && i + 1 < lines.size()) {
                DecodedText.Line next = lines.get(i + 1);
                Matcher rest = TAG_REST.matcher(next.text().strip());
                if (rest.find() && TAGS.contains(rest.group(1))) {
                    String nextText = next.text().strip();
                    open = field(rest.group(1), line.number(), nextText.substring(rest.end()), ":");
                    open.lines().add(next.number());
                    open.raw().add(nextText);
                    if (next.badEncoding()) bad.add(next.number());
                    fields.add(open);
                    i++;
                    continue;
                }
            }
            if (envelope(s)) {
                markup++;
                open = null;
                continue;
            }
            if (open == null) {
                markup++; // a bank's preamble ("ABNANL2A", "940", ":940:"), text after a terminator
                continue;
            }
            open.lines().add(line.number());
            open.text().add(t);
            open.raw().add(t.stripTrailing());
        }
        return new Scan(fields, blank, markup, bad);
    }

    private static Field field(String tag, int line, String value, String raw) {
        List<Integer> lines = new ArrayList<>(2);
        lines.add(line);
        List<String> text = new ArrayList<>(2);
        text.add(value);
        List<String> raws = new ArrayList<>(2);
        raws.add(raw);
        return new Field(tag, lines, text, raws);
    }

    /** A SWIFT block ({@code {1:…}}, {@code {4:}, {@code }}), a terminator ({@code -}, {@code -}}, ING's {@code -XXX}) or control bytes. */
    static boolean envelope(String s) {
        StringBuilder visible = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x20) visible.append(s.charAt(i));
        String v = visible.toString().strip();
        if (v.isEmpty() || v.startsWith("{") || v.startsWith("}")) return true;
        return v.charAt(0) == '-' && v.length() <= 4 && v.chars().skip(1).allMatch(c -> c == '}' || c >= 'A' && c <= 'Z');
    }

    /** Groups the fields into statements and entries; counts each field's lines by kind (the :61: line is the row). */
    private static List<Statement> statements(List<Field> fields, Tally tally) {
        List<Statement> statements = new ArrayList<>();
        Statement st = null;
        Entry entry = null;
        for (Field f : fields) {
            String tag = f.tag();
            if (tag.equals("20") || st == null || tag.equals("25") && !st.account.isEmpty()) {
                st = new Statement(f.line());
                statements.add(st);
                entry = null;
            }
            switch (tag) {
                case "61" -> {
                    entry = new Entry(st, f);
                    st.entries.add(entry);
                    continue; // its lines are counted with the entry
                }
                case "86", "NS" -> {
                    if (entry != null) {
                        (tag.equals("86") ? entry.info : entry.nonSwift).add(f);
                        continue;
                    }
                    tally.skip(tag.equals("86") ? "summary" : "header", f.lines().size());
                    continue;
                }
                case "20" -> st.reference = f.first();
                case "25" -> st.account = joined(f.text(), true).strip();
                case "28", "28C" -> st.number = f.first();
                case "34F" -> {
                    st.interim = true;
                    Matcher m = FLOOR.matcher(f.first());
                    if (m.find() && st.floorCurrency == null) st.floorCurrency = m.group(1);
                }
                case "13", "13D" -> st.interim = true;
                case "90D", "90C" -> {
                    st.interim = true;
                    st.totals.add(f);
                }
                default -> {
                    if (BALANCE_TAGS.contains(tag)) st.balances.add(f);
                }
            }
            entry = null;
            tally.skip(BALANCE_TAGS.contains(tag) ? "balance" : tag.startsWith("90") ? "summary" : "header", f.lines().size());
        }
        return statements;
    }

    // ------------------------------------------------------------------ the file

    static ParsedFile parse(FileInput input, DecodedText decoded, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        DecodedText text = centralEuropean(input, decoded);
        Tally tally = new Tally(input);
        Scan scan = scan(text.lines());
        tally.skip("blank", scan.blank());
        tally.skip(FileReport.SKIPPED_MARKUP, scan.markup());
        List<Statement> statements = statements(scan.fields(), tally);
        List<LakeRecord> valid = new ArrayList<>();
        Set<String> accountIds = new LinkedHashSet<>();
        List<String> mismatched = new ArrayList<>(), unchecked = new ArrayList<>();
        boolean interim = false, full = false, checked = false;
        int entries = 0;
        for (Statement st : statements) {
            interim |= st.interim;
            full |= !st.interim;
            Holder holder = holder(st, accounts, folderAccount);
            List<Line> lines = new ArrayList<>(st.entries.size());
            for (Entry e : st.entries) {
                entries++;
                tally.read();
                tally.skip("continuation", e.lineCount() - 1);
                Line parsed = Line.of(e.field61);
                lines.add(parsed);
                RowOutcome o = e.badEncoding(scan.badLines())
                        ? RowOutcome.reject(ReasonCode.BAD_ENCODING, "line " + e.field61.line() + " is not " + text.encoding())
                        : row(e, parsed, holder, ingestDate);
                if (o.ok()) {
                    valid.add(o.record());
                    accountIds.add(((TransactionRecord) o.record()).accountId());
                } else {
                    tally.reject(e.field61.line(), e.raw(), o.reason(), o.detail());
                }
            }
            switch (check(st, lines)) {
                case MISMATCH -> mismatched.add(st.name());
                case UNCHECKED -> { if (!st.entries.isEmpty()) unchecked.add(st.name()); }
                case OK -> checked |= !st.entries.isEmpty();
            }
        }
        TransactionRows.numberRepeats(references(valid)).forEach(o -> tally.valid(o.record()));
        // Each statement's closing booked balance (:62F:/:62M:) is a row of the balances dataset, on its first line.
        for (Statement st : statements) {
            Holder holder = holder(st, accounts, folderAccount);
            if (holder.account() == null) continue;
            for (Field f : st.balances) {
                if (!f.tag().startsWith("62")) continue;
                Balance b = Balance.of(f);
                String currency = b == null ? null : Currencies.normalise(b.currency());
                if (currency == null || b.date().isBefore(RowContext.EARLIEST) || b.date().isAfter(ingestDate)) continue;
                tally.unskip("balance");
                tally.read();
                tally.valid(new BalanceRecord(f.line(), holder.account().id(), b.date(), b.amount().setScale(2), currency));
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("message", interim && full ? "mt940+mt942" : interim ? "mt942" : "mt940");
        details.put("statements", String.valueOf(statements.size()));
        if (!mismatched.isEmpty()) details.put("balance_check", "mismatch:" + String.join(";", mismatched));
        else if (checked) details.put("balance_check", "ok");
        if (!unchecked.isEmpty()) details.put("balance_unchecked", String.join(";", unchecked));
        ReasonCode reason = entries == 0 ? ReasonCode.HEADER_ONLY : null;
        return tally.build(reason, null, text.encoding(), text.bom(),
                new FileReport.Layout("mt940", details.get("message"), details),
                accountIds.size() == 1 ? accountIds.iterator().next() : null, text.lines().size());
    }

    /**
     * The balances the file's statements state, each on its line and signed by its mark, for the account its
     * statement names: {@code :60F:}/{@code :60M:} as OPBD (opening booked), {@code :62F:}/{@code :62M:} as CLBD
     * (closing booked), {@code :64:} as CLAV (closing available), the codes CAMT uses; the forward-looking
     * {@code :65:}, an unreadable balance and a statement without an account are left out.
     */
    static List<StatementBalance> balances(FileInput input, DecodedText decoded, Accounts accounts,
                                           Accounts.Account folderAccount) {
        DecodedText text = centralEuropean(input, decoded);
        List<StatementBalance> out = new ArrayList<>();
        for (Statement st : statements(scan(text.lines()).fields(), new Tally(input))) {
            Holder holder = holder(st, accounts, folderAccount);
            if (holder.account() == null) continue;
            for (Field f : st.balances) {
                String type = switch (f.tag()) {
                    case "60F", "60M" -> "OPBD";
                    case "62F", "62M" -> "CLBD";
                    case "64" -> "CLAV";
                    default -> null;
                };
                Balance b = Balance.of(f);
                String currency = b == null ? null : Currencies.normalise(b.currency());
                if (type == null || b == null || currency == null) continue;
                out.add(new StatementBalance(f.line(), holder.account().id(), b.date(), b.amount(), currency, type));
            }
        }
        return out;
    }

    /**
     * The text again as windows-1250 when a single-byte file states a Central European account or currency: the
     * encoding guess takes such files for Western text, and their banks write windows-1250.
     */
    static DecodedText centralEuropean(FileInput input, DecodedText text) {
        String encoding = text.encoding() == null ? "" : text.encoding().toUpperCase(Locale.ROOT);
        if (text.bom() || encoding.startsWith("UTF") || encoding.equals("WINDOWS-1250")) return text;
        boolean nonAscii = false, central = false;
        for (DecodedText.Line line : text.lines()) {
            String t = line.text();
            for (int i = 0; i < t.length() && !nonAscii; i++) nonAscii = t.charAt(i) > 0x7F;
            String s = t.strip();
            if (s.startsWith(":25:")) {
                String v = s.substring(4).replaceFirst("^/", "");
                central |= v.length() > 2 && CENTRAL_EUROPE.contains(v.substring(0, 2)) && Character.isDigit(v.charAt(2));
            }
            if (s.startsWith(":60F:") && s.length() >= 15) central |= CENTRAL_EUROPE_CURRENCIES.contains(s.substring(12, 15));
        }
        return nonAscii && central ? TextDecoder.decode(input.bytes(), Optional.of(WINDOWS_1250)) : text;
    }

    // ------------------------------------------------------------------ account and currency of a statement

    /** The account and currency a statement's entries belong to, or why they cannot be placed. */
    private record Holder(Accounts.Account account, String currency, ReasonCode reason, String detail) {
    }

    private static Holder holder(Statement st, Accounts accounts, Accounts.Account folderAccount) {
        Accounts.Account named = st.account.isEmpty() ? null : configured(st.account, accounts);
        if (folderAccount != null && named != null && !named.id().equals(folderAccount.id())) {
            return new Holder(null, null, ReasonCode.UNKNOWN_ACCOUNT,
                    ":25: names " + named.id() + ", the folder " + folderAccount.id());
        }
        Accounts.Account account = folderAccount != null ? folderAccount : named != null ? named
                : st.account.isEmpty() ? null : InferredAccounts.account(AccountClues.fromValue(accountNumber(st.account), "account"));
        if (account == null) return new Holder(null, null, ReasonCode.MISSING_FIELD, "no :25: account before this entry");
        String written = currency(st);
        if (written == null && account.currencies().size() == 1) written = account.currencies().get(0);
        if (written == null) {
            return new Holder(account, null, ReasonCode.MISSING_FIELD, "no :60F: opening balance (nor any other field) states the currency");
        }
        String currency = Currencies.normalise(written);
        if (currency == null) return new Holder(account, null, ReasonCode.UNKNOWN_CURRENCY, "currency '" + written + "'");
        return new Holder(account, currency, null, null);
    }

    /** The configured account :25: names, by the whole value, the number after the bank code, or the IBAN in it. */
    private static Accounts.Account configured(String value, Accounts accounts) {
        Optional<Accounts.Account> found = accounts.findExact(value);
        if (found.isEmpty()) found = accounts.findExact(accountNumber(value));
        if (found.isEmpty()) found = AccountClues.iban(accountNumber(value)).flatMap(accounts::findExact);
        return found.orElse(null);
    }

    /**
     * The account number of a :25: value: without a leading slash, the trailing currency and the bank's code or BIC
     * before it ({@code 37050198/1002345678} → {@code 1002345678}, {@code NL20INGB0001234567EUR} →
     * {@code NL20INGB0001234567}, {@code UBRTHUHB/12345678/HUF} → {@code 12345678}).
     */
    static String accountNumber(String value) {
        String v = value.strip();
        if (v.startsWith("/")) v = v.substring(1);
        Matcher c = ACCOUNT_CURRENCY.matcher(v);
        if (c.find() && Currencies.normalise(c.group(1)) != null && v.length() - c.group().length() >= 4) {
            v = v.substring(0, c.start()).strip();
        }
        if (v.endsWith("/")) v = v.substring(0, v.length() - 1);
        int slash = v.lastIndexOf('/');
        return slash >= 0 && slash < v.length() - 1 ? v.substring(slash + 1).strip() : v;
    }

    /** The statement's currency: its opening balance's, else any other balance's, the floor limit's, totals', :25:'s. */
    private static String currency(Statement st) {
        for (String wanted : List.of("60F", "60M", "62F", "62M", "64", "65")) {
            for (Field f : st.balances) {
                Matcher m = BALANCE.matcher(f.first());
                if (f.tag().equals(wanted) && m.find()) return m.group(3);
            }
        }
        if (st.floorCurrency != null) return st.floorCurrency;
        for (Field f : st.totals) {
            Matcher m = TOTAL.matcher(f.first());
            if (m.find()) return m.group(2);
        }
        Matcher c = ACCOUNT_CURRENCY.matcher(st.account.startsWith("/") ? st.account.substring(1) : st.account);
        return c.find() && Currencies.normalise(c.group(1)) != null ? c.group(1) : null;
    }

    // ------------------------------------------------------------------ one entry

    /**
     * A :61: statement line taken apart: dates, mark, amount text, the owner's and the bank's references, the
     * supplementary details, and the counterparty Rabobank's old layout writes after a 16-character reference.
     */
    record Line(String valueDate, String entryDate, String mark, String amount, String ownerReference,
                String bankReference, String supplementary, String counterparty) {

        static Line of(Field f) {
            Line line = of(f.first(), f.text().size() > 1 ? f.text().get(1) : "");
            if (line.amount().isEmpty() && f.text().size() > 1) { // a bank wrapped the line inside the amount
                Line joined = of(f.first() + f.text().get(1).strip(), f.text().size() > 2 ? f.text().get(2) : "");
                if (!joined.amount().isEmpty()) return joined;
            }
            return line;
        }

        static Line of(String first, String second) {
            Matcher m = STATEMENT_LINE.matcher(first);
            if (!m.find()) return new Line("", "", "", "", "", "", second.strip(), "");
            String rest = first.substring(m.end());
            String reference = rest.length() > 4 ? rest.substring(4) : "";
            String bank = "", counterparty = "";
            int slashes = reference.indexOf("//");
            if (slashes >= 0) {
                bank = reference.substring(slashes + 2).strip();
                reference = reference.substring(0, slashes);
            } else if (reference.length() > 16 && reference.charAt(15) == ' ') {
                counterparty = reference.substring(16).strip();
                reference = reference.substring(0, 16);
            }
            return new Line(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3),
                    m.group(5) == null ? "" : m.group(5), reference.strip(), bank, second.strip(), counterparty);
        }

        /** The amount as a positive number, or the reason it is not one. */
        AmountParser.Result value() {
            Matcher m = AMOUNT.matcher(amount);
            if (!m.matches()) return new AmountParser.Result(null, ReasonCode.INVALID_AMOUNT);
            BigDecimal v = new BigDecimal(m.group(1) + (m.group(2) == null || m.group(2).isEmpty() ? "" : "." + m.group(2)));
            if (v.compareTo(AmountParser.MAX_ABS) >= 0) return new AmountParser.Result(null, ReasonCode.AMOUNT_OUT_OF_RANGE);
            return new AmountParser.Result(v, null);
        }

        /** Money out: a debit, or a credit reversed. */
        boolean out() {
            return mark.equals("D") || mark.equals("RC") || mark.equals("ED");
        }

        /** The booking date (the entry date, else the value date) and the value date, or why they cannot be read. */
        Dates dates() {
            LocalDate value = date(valueDate);
            if (entryDate.isEmpty()) {
                return value == null ? Dates.failed("value date '" + valueDate + "'") : new Dates(value, null, null);
            }
            // The entry date has no year: it is the value date's, or the next or last one across a year end.
            int year = 2000 + Integer.parseInt(valueDate.substring(0, 2));
            int valueMonth = Integer.parseInt(valueDate.substring(2, 4));
            int month = Integer.parseInt(entryDate.substring(0, 2));
            if (month - valueMonth > 6) year--;
            else if (valueMonth - month > 6) year++;
            try {
                LocalDate booking = LocalDate.of(year, month, Integer.parseInt(entryDate.substring(2, 4)));
                // Savings banks write the 30th of February as the value date of interest; the booking date stands.
                return new Dates(booking, value == null || value.equals(booking) ? null : value, null);
            } catch (DateTimeException e) {
                return Dates.failed("entry date '" + entryDate + "'");
            }
        }

        private static LocalDate date(String yymmdd) {
            try {
                return LocalDate.of(2000 + Integer.parseInt(yymmdd.substring(0, 2)), Integer.parseInt(yymmdd.substring(2, 4)),
                        Integer.parseInt(yymmdd.substring(4, 6)));
            } catch (DateTimeException e) {
                return null;
            }
        }
    }

    /** An entry's booking and value date, or what could not be read. */
    record Dates(LocalDate booking, LocalDate value, String error) {
        static Dates failed(String error) {
            return new Dates(null, null, error);
        }
    }

    private static RowOutcome row(Entry e, Line line, Holder holder, LocalDate ingestDate) {
        String raw61 = e.field61.first();
        if (holder.reason() != null) return RowOutcome.reject(holder.reason(), holder.detail());
        if (line.mark().isEmpty()) {
            return RowOutcome.reject(raw61.matches("^\\d{6}.*") ? ReasonCode.INVALID_AMOUNT : ReasonCode.INVALID_DATE,
                    ":61: '" + raw61 + "'");
        }
        Dates dates = line.dates();
        if (dates.error() != null) return RowOutcome.reject(ReasonCode.IMPOSSIBLE_DATE, ":61: " + dates.error());
        if (dates.booking().isBefore(RowContext.EARLIEST) || dates.booking().isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, dates.booking().toString());
        }
        AmountParser.Result amount = line.value();
        if (!amount.ok()) return RowOutcome.reject(amount.error(), ":61: '" + raw61 + "'");
        BigDecimal signed = line.out() ? amount.value().negate() : amount.value();
        RowOutcome mismatch = Holding.check(holder.account(), holder.currency(), signed);
        if (mismatch != null) return mismatch;
        Narrative n = narrative(e.info.stream().map(Field::text).toList(), e.nonSwift.stream().map(Field::text).toList());
        List<String> parts = new ArrayList<>(2);
        TransactionRows.add(parts, !n.counterparty().isBlank() ? n.counterparty() : line.counterparty());
        TransactionRows.add(parts, n.purpose());
        if (parts.isEmpty()) TransactionRows.add(parts, n.type());
        if (parts.isEmpty() && !line.supplementary().startsWith("/")) TransactionRows.add(parts, line.supplementary());
        String description = String.join(" / ", parts);
        ReasonCode text = TextGuard.check(description);
        if (text != null) return RowOutcome.reject(text, ":86:");
        String status = line.mark().startsWith("E") || e.statement.interim && german(e.statement)
                ? TransactionRecord.PENDING : TransactionRecord.BOOKED;
        String e2e = n.endToEnd().isBlank() || placeholder(n.endToEnd()) ? null : n.endToEnd();
        return RowOutcome.valid(new TransactionRecord(e.field61.line(), holder.account().id(), dates.booking(),
                dates.value(), signed.setScale(2), holder.currency(), description, reference(line, n), 0, status,
                original(n.originalAmount(), signed, holder.currency()),
                TransactionRecord.Bank.of(n.iban(), transactionCode(e, raw61), e2e)));
    }

    /**
     * The bank's code for the entry: the German business transaction code (GVC) that opens a structured :86:, else
     * the SWIFT transaction type of the :61: line ({@code NTRF}, {@code NMSC}, ...), else null.
     */
    private static String transactionCode(Entry e, String raw61) {
        if (!e.info.isEmpty() && !e.info.get(0).text().isEmpty()) {
            Matcher gvc = GERMAN_START.matcher(e.info.get(0).text().get(0));
            if (gvc.find() && gvc.group(1) != null) return gvc.group(1);
        }
        Matcher m = STATEMENT_LINE.matcher(raw61);
        if (!m.find()) return null;
        String rest = raw61.substring(m.end());
        return rest.length() >= 4 && SWIFT_TYPE.matcher(rest.substring(0, 4)).matches() ? rest.substring(0, 4) : null;
    }

    /**
     * The original amount of the Dutch {@code /OCMT/USD12,34/} tag (a payment abroad), signed like the row, with the
     * rate the booked amount implies; null when absent, unreadable or in the account's currency.
     */
    static TransactionRecord.Original original(String ocmt, BigDecimal signed, String currency) {
        Matcher m = ORIGINAL_AMOUNT.matcher(ocmt.strip());
        if (!m.matches()) return null;
        String code = Currencies.normalise(m.group(1));
        AmountParser.Result amount = new Line("", "", "", m.group(2), "", "", "", "").value();
        if (code == null || code.equals(currency) || !amount.ok() || amount.value().signum() == 0) return null;
        return TransactionRecord.Original.implied(signed, amount.value(), code);
    }

    /** A German statement: a bank code/account or German IBAN in :25:, or a FinTS Vormerkposten reference. */
    private static boolean german(Statement st) {
        String account = st.account.startsWith("/") ? st.account.substring(1) : st.account;
        return BANK_CODE_ACCOUNT.matcher(account).find() || account.startsWith("DE") || st.reference.startsWith("STARTDISP");
    }

    /** The bank's own reference for the entry (after {@code //}), else the payer's end-to-end reference. */
    private static String reference(Line line, Narrative n) {
        String bank = line.bankReference();
        if (!bank.isEmpty() && !placeholder(bank)) return bank;
        return n.endToEnd().isEmpty() || placeholder(n.endToEnd()) ? null : n.endToEnd();
    }

    private static boolean placeholder(String reference) {
        String r = reference.strip().toUpperCase(Locale.ROOT);
        return r.equals("NONREF") || r.equals("NOTPROVIDED") || r.equals("NONE") || r.matches("0*");
    }

    /**
     * The records with a reference only where it names one transaction: a reference that entries of one account with
     * different dates or amounts share (a recurring payment's fixed end-to-end id) is dropped from all of them, so
     * it cannot make two transactions one.
     */
    private static List<LakeRecord> references(List<LakeRecord> records) {
        Map<String, String> seen = new HashMap<>();
        Set<String> shared = new LinkedHashSet<>();
        for (LakeRecord r : records) {
            TransactionRecord t = (TransactionRecord) r;
            if (t.reference() == null) continue;
            String key = t.accountId() + '|' + t.reference(), what = t.bookingDate() + "|" + t.amount();
            String before = seen.putIfAbsent(key, what);
            if (before != null && !before.equals(what)) shared.add(key);
        }
        if (shared.isEmpty()) return records;
        List<LakeRecord> out = new ArrayList<>(records.size());
        for (LakeRecord r : records) {
            TransactionRecord t = (TransactionRecord) r;
            out.add(t.reference() != null && shared.contains(t.accountId() + '|' + t.reference())
                    ? new TransactionRecord(t.lineNumber(), t.accountId(), t.bookingDate(), t.valueDate(), t.amount(),
                    t.currency(), t.description(), null, t.occurrence(), t.status(), t.original(), t.bank())
                    : t);
        }
        return out;
    }

    // ------------------------------------------------------------------ balances

    /** A balance field read: date, signed amount, currency. */
    private record Balance(LocalDate date, BigDecimal amount, String currency) {
        static Balance of(Field f) {
            Matcher m = BALANCE.matcher(f.first());
            if (!m.find()) return null;
            LocalDate date = Line.date(m.group(2));
            AmountParser.Result amount = new Line("", "", "", m.group(4), "", "", "", "").value();
            if (date == null || !amount.ok()) return null;
            return new Balance(date, m.group(1).equals("D") ? amount.value().negate() : amount.value(), m.group(3));
        }
    }

    private enum Check { OK, MISMATCH, UNCHECKED }

    /**
     * Whether the statement adds up: opening balance plus its entries is its closing balance (MT940), or its entries'
     * count and sum per side are its :90D:/:90C: totals (MT942). Unchecked when those fields are missing.
     */
    private static Check check(Statement st, List<Line> lines) {
        Balance opening = null, closing = null;
        for (Field f : st.balances) {
            if (opening == null && f.tag().startsWith("60")) opening = Balance.of(f);
            if (f.tag().startsWith("62")) closing = Balance.of(f);
        }
        BigDecimal sum = BigDecimal.ZERO, debits = BigDecimal.ZERO, credits = BigDecimal.ZERO;
        int debitCount = 0, creditCount = 0;
        for (Line line : lines) {
            AmountParser.Result a = line.value();
            if (line.mark().isEmpty() || !a.ok()) return opening != null && closing != null || !st.totals.isEmpty() ? Check.MISMATCH : Check.UNCHECKED;
            sum = sum.add(line.out() ? a.value().negate() : a.value());
            if (line.out()) {
                debits = debits.add(a.value());
                debitCount++;
            } else {
                credits = credits.add(a.value());
                creditCount++;
            }
        }
        if (opening != null && closing != null) {
            return opening.amount().add(sum).compareTo(closing.amount()) == 0 ? Check.OK : Check.MISMATCH;
        }
        if (st.totals.isEmpty()) return Check.UNCHECKED;
        for (Field f : st.totals) {
            Matcher m = TOTAL.matcher(f.first());
            if (!m.find()) return Check.MISMATCH;
            AmountParser.Result total = new Line("", "", "", m.group(3), "", "", "", "").value();
            boolean debit = f.tag().equals("90D");
            if (!total.ok() || Integer.parseInt(m.group(1)) != (debit ? debitCount : creditCount)
                    || total.value().compareTo(debit ? debits : credits) != 0) {
                return Check.MISMATCH;
            }
        }
        return Check.OK;
    }

    // ------------------------------------------------------------------ the :86: text

    /** What an entry's text says: the counterparty, the purpose, the transaction type, the end-to-end reference. */
    record Narrative(String counterparty, String purpose, String type, String endToEnd, String iban,
                     String originalAmount) {
        static final Narrative NONE = new Narrative("", "", "", "", "", "");

        Narrative(String counterparty, String purpose, String type, String endToEnd) {
            this(counterparty, purpose, type, endToEnd, "", "");
        }

        Narrative(String counterparty, String purpose, String type, String endToEnd, String iban) {
            this(counterparty, purpose, type, endToEnd, iban, "");
        }
    }

    /** The narrative of an entry's :86: fields (each its lines), else of its :NS: fields. */
    static Narrative narrative(List<List<String>> info, List<List<String>> nonSwift) {
        if (!info.isEmpty()) {
            String structured = joinedFields(info, true).strip();
            if (GERMAN_START.matcher(structured).find()) return german(structured);
            if (Dutch.starts(structured)) return Dutch.narrative(structured);
            String text = joinedFields(info, false).strip();
            if (Labelled.labelled(text)) return Labelled.narrative(text);
            if (text.matches("\\d{3}")) return Narrative.NONE; // only a transaction code
            return new Narrative("", text.startsWith("999") ? text.substring(3) : text, "", "");
        }
        if (!nonSwift.isEmpty()) return nonSwift(nonSwift);
        return Narrative.NONE;
    }

    private static String joinedFields(List<List<String>> fields, boolean structured) {
        List<String> texts = new ArrayList<>(fields.size());
        for (List<String> lines : fields) texts.add(joined(lines, structured));
        return String.join(structured ? "" : " ", texts);
    }

    /**
     * A field's lines as one text. Structured text is cut anywhere and joins directly; free text joins directly after
     * a full 65-character line (cut mid-word), with a space after a shorter one (the bank ended a line) or before a
     * line that opens with a label (ABN AMRO fills a line up to the next label's cell).
     */
    static String joined(List<String> lines, boolean structured) {
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (String line : lines) {
            if (previous != null && !structured && (previous.length() < SWIFT_LINE || Labelled.opens(line))) out.append(' ');
            out.append(line);
            previous = line;
        }
        return out.toString();
    }

    /**
     * The German structured form: {@code ?00} posting text, {@code ?20-?29} and {@code ?60-?63} purpose, {@code ?32/?33}
     * the counterparty's name (sub-fields concatenate as written). The purpose's SEPA identifiers are taken apart:
     * the description is the SVWZ+ text (else the text before the first identifier), EREF+ the end-to-end reference.
     */
    static Narrative german(String text) {
        Matcher start = GERMAN_START.matcher(text);
        if (!start.find()) return Narrative.NONE;
        char separator = start.group(2).charAt(0);
        Map<Integer, StringBuilder> sub = new HashMap<>();
        int at = start.group(1) == null ? 0 : 3, code = -1;
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == separator && i + 2 < text.length() && Character.isDigit(text.charAt(i + 1)) && Character.isDigit(text.charAt(i + 2))) {
                code = Integer.parseInt(text.substring(i + 1, i + 3));
                sub.computeIfAbsent(code, k -> new StringBuilder());
                i += 2;
            } else if (code >= 0) {
                sub.get(code).append(c);
            }
        }
        StringBuilder purpose = new StringBuilder();
        Set<Integer> boundaries = new HashSet<>();
        for (int k = 20; k <= 63; k = k == 29 ? 60 : k + 1) {
            StringBuilder s = sub.get(k);
            if (s == null) continue;
            boundaries.add(purpose.length());
            purpose.append(s);
        }
        String name = text(sub, 32) + text(sub, 33);
        Map<String, String> sepa = Sepa.split(purpose.toString(), boundaries);
        String description = sepa.containsKey("SVWZ") ? sepa.get("SVWZ") : sepa.getOrDefault("", "");
        String account = text(sub, 31).replace(" ", "");
        return new Narrative(name, description, text(sub, 0), sepa.getOrDefault("EREF", "").strip(),
                AccountClues.iban(account).isPresent() ? account : "");
    }

    private static String text(Map<Integer, StringBuilder> sub, int code) {
        StringBuilder s = sub.get(code);
        return s == null ? "" : s.toString();
    }

    /** The SEPA identifiers of the German purpose text (DFÜ-Abkommen Anlage 3). */
    static final class Sepa {
        private static final List<String> IDENTIFIERS = List.of("EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "COAM+",
                "OAMT+", "SVWZ+", "ABWA+", "ABWE+");

        private Sepa() {
        }

        /**
         * The purpose text by identifier ({@code ""}: the text before the first one). An identifier counts at the
         * start of a sub-field or after a space (banks also write them mid-field); its value runs to the next one.
         */
        static Map<String, String> split(String purpose, Set<Integer> boundaries) {
            List<int[]> found = new ArrayList<>(); // {position, identifier index}
            for (int i = 0; i + 5 <= purpose.length(); i++) {
                if (i > 0 && !boundaries.contains(i) && !Character.isWhitespace(purpose.charAt(i - 1))) continue;
                for (int k = 0; k < IDENTIFIERS.size(); k++) {
                    if (purpose.startsWith(IDENTIFIERS.get(k), i)) {
                        found.add(new int[]{i, k});
                        i += 4;
                        break;
                    }
                }
            }
            Map<String, String> out = new LinkedHashMap<>();
            out.put("", purpose.substring(0, found.isEmpty() ? purpose.length() : found.get(0)[0]));
            for (int j = 0; j < found.size(); j++) {
                int from = found.get(j)[0] + 5, to = j + 1 < found.size() ? found.get(j + 1)[0] : purpose.length();
                out.putIfAbsent(IDENTIFIERS.get(found.get(j)[1]).substring(0, 4), purpose.substring(from, to));
            }
            return out;
        }
    }

    /** The Dutch structured form of ING, ABN AMRO, Rabobank, Knab, ...: {@code /TAG/value} pairs. */
    static final class Dutch {
        private static final Set<String> KEYS = Set.of("TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID",
                "ORDP", "BENM", "ID", "ADDR", "SVCL", "ULTC", "ULTD", "ULTB", "PURP", "RTRN", "ISDT", "CNTP", "PREF",
                "IREF", "KREF", "CDTRREF", "CDTRREFTP", "OCMT", "CHGS", "EXCH", "BUSP", "ACCW", "TRCD", "SUM", "FX");
        private static final Set<String> ULTIMATE = Set.of("ULTC", "ULTD", "ULTB");

        private Dutch() {
        }

        /** Whether the text opens with a {@code /TAG/}. */
        static boolean starts(String text) {
            if (!text.startsWith("/")) return false;
            int end = text.indexOf('/', 1);
            return end > 1 && KEYS.contains(text.substring(1, end));
        }

        /** The tags in order with their values, trailing slashes off. */
        static List<String[]> pairs(String text) {
            List<int[]> tags = new ArrayList<>(); // {slash before, slash after}
            for (int i = text.indexOf('/'); i >= 0 && i < text.length() - 1; i = text.indexOf('/', i + 1)) {
                int end = text.indexOf('/', i + 1);
                if (end > i + 1 && KEYS.contains(text.substring(i + 1, end))) {
                    tags.add(new int[]{i, end});
                    i = end - 1;
                }
            }
            List<String[]> out = new ArrayList<>(tags.size());
            for (int j = 0; j < tags.size(); j++) {
                int from = tags.get(j)[1] + 1, to = j + 1 < tags.size() ? tags.get(j + 1)[0] : text.length();
                String value = from <= to ? text.substring(from, to) : "";
                out.add(new String[]{text.substring(tags.get(j)[0] + 1, tags.get(j)[1]), trimSlashes(value)});
            }
            return out;
        }

        /** NAME (not an ultimate party's, unless it is the only one) or ING's CNTP name, and REMI. */
        static Narrative narrative(String text) {
            String name = "", ultimate = "", remi = "", type = "", eref = "", context = "", iban = "", ocmt = "";
            for (String[] p : pairs(text)) {
                switch (p[0]) {
                    case "NAME" -> {
                        if (ULTIMATE.contains(context)) { if (ultimate.isEmpty()) ultimate = p[1]; }
                        else if (name.isEmpty()) name = p[1];
                    }
                    case "CNTP" -> {
                        String[] cntp = p[1].split("/", -1);
                        if (name.isEmpty() && cntp.length > 2) name = cntp[2];
                        if (iban.isEmpty() && cntp.length > 0) iban = cntp[0];
                    }
                    case "IBAN" -> { if (iban.isEmpty() && !ULTIMATE.contains(context)) iban = p[1]; }
                    case "OCMT" -> ocmt = p[1];
                    case "REMI" -> { if (remi.isEmpty()) remi = remittance(p[1]); }
                    case "TRTP" -> type = p[1];
                    case "EREF" -> eref = p[1];
                    default -> { }
                }
                if (!p[0].equals("NAME")) context = p[0];
            }
            return new Narrative(name.isEmpty() ? ultimate : name, remi, type, eref,
                    AccountClues.iban(iban.replace(" ", "")).isPresent() ? iban.replace(" ", "") : "", ocmt);
        }

        /** ING's REMI carries its kind: {@code USTD//text} or {@code STRD/CUR/reference}. */
        private static String remittance(String remi) {
            if (remi.startsWith("USTD//")) return trimSlashes(remi.substring(6));
            if (remi.startsWith("STRD/CUR/")) return trimSlashes(remi.substring(9));
            return remi;
        }

        private static String trimSlashes(String s) {
            int from = 0, to = s.length();
            while (from < to && s.charAt(from) == '/') from++;
            while (to > from && s.charAt(to - 1) == '/') to--;
            return s.substring(from, to);
        }
    }

    /**
     * Free text with labels, as ABN AMRO ({@code SEPA OVERBOEKING IBAN: … NAAM: … OMSCHRIJVING: … KENMERK: …}), Knab
     * ({@code REK: …/NAAM: …}), PostFinance ({@code AUFTRAGGEBER: … MITTEILUNGEN: …}) and mBank ({@code OD: …; TYT.: …})
     * write it: a label stands at the start or after a space, slash, comma or semicolon; its value runs to the next.
     */
    static final class Labelled {
        private static final List<String> COUNTERPARTY = List.of("NAAM:", "AUFTRAGGEBER:", "BEGÜNSTIGTER:", "BEGUENSTIGTER:",
                "OD:", "DO:");
        private static final List<String> PURPOSE = List.of("OMSCHRIJVING:", "MITTEILUNGEN:", "TYT.:", "BETALINGSKENM.:");
        private static final List<String> OTHER = List.of("IBAN:", "BIC:", "KENMERK:", "MACHTIGING:", "INCASSANT:",
                "ID DEBITEUR:", "REK:", "Z RACH.:", "NA RACH.:", "ID IPH:", "TNR:");

        private Labelled() {
        }

        /** Whether a line opens with a label. */
        static boolean opens(String line) {
            for (List<String> labels : List.of(COUNTERPARTY, PURPOSE, OTHER)) {
                for (String label : labels) if (line.startsWith(label)) return true;
            }
            return false;
        }

        /** Whether the text names a counterparty or a purpose by label. */
        static boolean labelled(String text) {
            for (String label : COUNTERPARTY) if (at(text, label) >= 0) return true;
            for (String label : PURPOSE) if (at(text, label) >= 0) return true;
            return false;
        }

        /** Where {@code label} stands in the text as a label, or -1. */
        private static int at(String text, String label) {
            for (int i = text.indexOf(label); i >= 0; i = text.indexOf(label, i + 1)) {
                char before = i == 0 ? ' ' : text.charAt(i - 1);
                if (Character.isWhitespace(before) || before == '/' || before == ';' || before == ',') return i;
            }
            return -1;
        }

        /** The counterparty label's value, the purpose label's (else the text before the first label), KENMERK. */
        static Narrative narrative(String text) {
            List<int[]> found = new ArrayList<>(); // {position, label length}
            Map<Integer, String> names = new HashMap<>();
            for (List<String> labels : List.of(COUNTERPARTY, PURPOSE, OTHER)) {
                for (String label : labels) {
                    int at = at(text, label);
                    if (at >= 0 && !names.containsKey(at)) {
                        found.add(new int[]{at, label.length()});
                        names.put(at, label);
                    }
                }
            }
            found.sort((x, y) -> Integer.compare(x[0], y[0]));
            Map<String, String> values = new HashMap<>();
            for (int j = 0; j < found.size(); j++) {
                int from = found.get(j)[0] + found.get(j)[1], to = j + 1 < found.size() ? found.get(j + 1)[0] : text.length();
                values.putIfAbsent(names.get(found.get(j)[0]), value(text.substring(from, to)));
            }
            String leading = value(text.substring(0, found.get(0)[0]));
            String counterparty = "", purpose = "";
            for (String label : COUNTERPARTY) if (counterparty.isEmpty()) counterparty = values.getOrDefault(label, "");
            for (String label : PURPOSE) if (purpose.isEmpty()) purpose = values.getOrDefault(label, "");
            boolean purposeLabel = PURPOSE.stream().anyMatch(values::containsKey);
            return new Narrative(counterparty, purposeLabel ? purpose : leading, purposeLabel ? leading : "",
                    values.getOrDefault("KENMERK:", ""));
        }

        /** A label's value without the separators around it. */
        private static String value(String s) {
            int from = 0, to = s.length();
            while (from < to && (Character.isWhitespace(s.charAt(from)) || s.charAt(from) == ';')) from++;
            while (to > from && (Character.isWhitespace(s.charAt(to - 1)) || ";,/".indexOf(s.charAt(to - 1)) >= 0)) to--;
            return s.substring(from, to);
        }
    }

    /**
     * The MultiCash non-SWIFT :NS: lines of an entry, each a 2-digit code and text: 01-14 purpose, 15-16 the
     * counterparty's name, concatenated as written.
     */
    static Narrative nonSwift(List<List<String>> fields) {
        StringBuilder purpose = new StringBuilder(), name = new StringBuilder();
        for (List<String> lines : fields) {
            for (String line : lines) {
                String s = line.strip();
                if (s.length() < 2 || !Character.isDigit(s.charAt(0)) || !Character.isDigit(s.charAt(1))) continue;
                int code = Integer.parseInt(s.substring(0, 2));
                if (code >= 1 && code <= 14) purpose.append(s.substring(2));
                else if (code == 15 || code == 16) name.append(s.substring(2));
            }
        }
        return new Narrative(name.toString(), purpose.toString(), "", "");
    }
}
