package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads QIF (Quicken Interchange Format) exports as Quicken, Microsoft Money, GnuCash, KMyMoney, MoneyManagerEx
 * and banks write them: {@code !Type:Bank}, {@code Cash}, {@code CCard}, {@code Oth A/L/S} sections of records
 * ended by {@code ^}, each field a line led by its code (D date, T/U amount, P payee, M memo, S/E/$ a split);
 * {@code !Type:Invst} records with a cash effect (Buy, Sell, Div, IntInc, XIn, XOut, MiscExp ...) signed by their
 * action; an {@code !Account} block (or Microsoft Money's first "Opening Balance" record) names the account of the
 * sections after it. The date style ({@code 6/13'25}, {@code 13/06/2025}, {@code 26 Jan 2026}), decimal mark and
 * currency are decided over the whole file. A record is one row on its first line, its other lines are markup;
 * account, category, class, memorized, security and price lists and {@code !Option} lines are non-data lines of
 * their own kind; records of kinds we cannot express (share movements, reinvestments, invoices) are quarantined.
 */
final class QifFileParser {
    /** Sections whose records are money in or out of the account, one row each. */
    private static final Set<String> CASH_TYPES = Set.of("bank", "cash", "ccard", "oth a", "oth l", "oth s");
    /** Investment sections: rows only for the records that move the account's cash. */
    private static final Set<String> INVESTMENT_TYPES = Set.of("invst", "port");
    /** Lists that describe no money, by the kind their lines are counted as (Quicken 2010+ writes classes as tags). */
    private static final Map<String, String> LISTS = Map.of("cat", "category_list", "class", "class_list",
            "tag", "class_list", "memorized", "memorized_list", "security", "security_list", "prices", "price_list");
    /** Skipped-line kinds of this reader besides markup and blank. */
    private static final String ACCOUNT = "account", ACCOUNT_LIST = "account_list", OPTION = "option", BALANCE = "balance";

    /** The payee of the record with which Quicken, Microsoft Money and KMyMoney open an account's register. */
    private static final Pattern OPENING_BALANCE = Pattern.compile(
            "(?i)opening balance|solde initial|solde d'ouverture|anfangssaldo|anfangsbestand|er[öo]ffnungssaldo"
                    + "|beginsaldo|openingssaldo|saldo inicial|saldo iniziale|saldo di apertura|ing[åa]ende saldo|startsaldo");
    /** ISO codes and symbols a QIF file states its currency with (a whitelist: "ALL" or "CUP" are also words). */
    private static final Pattern CURRENCY_WORD = Pattern.compile(
            "\\b(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|JPY|CNY|AUD|CAD|NZD|HKD|SGD|INR|BRL|MXN|ZAR|TRY|RON|BGN|ISK)\\b|([€£])");
    /** Quicken's apostrophe year: {@code 6/13'25} is 2025, {@code 1/ 3' 5} is 2005. */
    private static final Pattern APOSTROPHE_YEAR = Pattern.compile("'\\s*(\\d{1,2})\\s*$");
    private static final Pattern FOUR_DIGITS = Pattern.compile("\\d{4}");

    /** Investment actions that move this account's cash: +1 money in, -1 money out, 0 signed as written. */
    private static final Map<String, Integer> CASH_ACTIONS = Map.ofEntries(
            Map.entry("buy", -1), Map.entry("kauf", -1), Map.entry("cvrshrt", -1), Map.entry("miscexp", -1),
            Map.entry("margint", -1), Map.entry("xout", -1), Map.entry("withdrwx", -1),
            Map.entry("sell", 1), Map.entry("verkauf", 1), Map.entry("shtsell", 1), Map.entry("div", 1),
            Map.entry("intinc", 1), Map.entry("int", 1), Map.entry("cglong", 1), Map.entry("kapgew", 1),
            Map.entry("cgmid", 1), Map.entry("cgshort", 1), Map.entry("k.gewsp", 1), Map.entry("miscinc", 1),
            Map.entry("rtrncap", 1), Map.entry("xin", 1), Map.entry("contribx", 1), Map.entry("cash", 0));

    private QifFileParser() {
    }

    /** Whether the text is QIF: its first non-blank line is a {@code !Type}, {@code !Account} or {@code !Option} header. */
    static boolean looksLikeQif(DecodedText text) {
        for (DecodedText.Line line : text.lines()) {
            if (line.isBlank()) continue;
            String t = line.text().strip().toLowerCase(Locale.ROOT);
            return t.startsWith("!type:") || t.startsWith("!type ") || t.startsWith("!account")
                    || t.startsWith("!option:") || t.startsWith("!clear:");
        }
        return false;
    }

    /** What a section's records are. */
    private enum Mode { MONEY, INVESTMENT, UNSUPPORTED, ACCOUNT, ACCOUNT_LIST, LIST }

    /**
     * One record of a money, investment or unsupported section: the line it starts on, its fields by code (first
     * value; memo lines joined), the split amounts, its raw text, and the account (with the currency its
     * {@code !Account} block states, or null) it belongs to.
     */
    private record Entry(int line, Mode mode, String section, Map<Character, String> fields, List<String> splits, String raw,
                 Accounts.Account account, String blockCurrency, boolean badEncoding) {
        String field(char code) {
            return fields.getOrDefault(code, "");
        }

        /** The amount text: U (Quicken's wider copy of T) wins, else T. */
        String amount() {
            return !field('U').isEmpty() ? field('U') : field('T');
        }
    }

    static ParsedFile parse(FileInput input, DecodedText text, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        Tally tally = new Tally(input);
        String stem = stem(input.sourceFile());
        Accounts.Account fileAccount = folderAccount != null ? folderAccount : InferredAccounts.named(stem);
        Scan scan = new Scan(tally, accounts, fileAccount, folderAccount != null);
        for (DecodedText.Line line : text.lines()) scan.line(line);
        scan.close();
        List<Entry> entries = scan.entries;

        Map<String, String> details = new LinkedHashMap<>();
        Clue clue = currencyClue(stem, entries, text);
        DateReader dates = dateStyle(entries, ingestDate, clue == null ? null : CurrencyClues.dayFirstFor(clue.currency()));
        NumberStyle numbers = Inference.numberStyle(amountTexts(entries));
        details.put("date_format", dates.pattern());
        details.put("decimal", String.valueOf(numbers.decimal()));
        if (clue == null && dates instanceof DateStyle s && s.order() == DateStyle.Order.MDY) {
            clue = new Clue("USD", "month-first dates");
        }
        if (clue == null) clue = new Clue(accounts.homeCurrency(), "home_currency (nothing in the file states one)");
        details.put("currency", clue.currency());
        details.put("currency_from", clue.from());
        String currency = clue.currency();

        List<LakeRecord> valid = new ArrayList<>();
        for (Entry e : entries) {
            tally.read();
            RowOutcome o = row(e, dates, numbers, e.blockCurrency() != null ? e.blockCurrency() : currency,
                    scan.symbols, ingestDate);
            if (o.ok()) valid.add(o.record());
            else tally.reject(e.line(), e.raw(), o.reason(), o.detail());
        }
        TransactionRows.numberRepeats(valid).forEach(o -> tally.valid(o.record()));
        String accountId = entries.stream().map(e -> e.account().id()).distinct().count() == 1
                ? entries.get(0).account().id() : null;
        FileReport.Layout layout = new FileReport.Layout("qif", "qif", details);
        ReasonCode reason = entries.isEmpty() ? ReasonCode.HEADER_ONLY : null;
        return tally.build(reason, null, text.encoding(), text.bom(), layout, accountId, text.lines().size());
    }

    /**
     * Walks the lines once: section headers switch the mode, records are gathered until their {@code ^} (or until
     * a header, a second D line or the end of the file shows the {@code ^} is missing), and every line is counted
     * exactly once, as part of a row or as a skipped line of a named kind.
     */
    private static final class Scan {
        private final Tally tally;
        private final Accounts accounts;
        private final Accounts.Account fileAccount;
        private final boolean folderWins;
        final List<Entry> entries = new ArrayList<>();
        /** Security names (Y of investment records) to their ticker symbols, from the {@code !Type:Security} list. */
        final Map<String, String> symbols = new HashMap<>();

        private Mode mode = Mode.UNSUPPORTED;
        private String section = "none", listKind = "";
        private boolean autoSwitch;
        private int sectionRecords;
        /** The account the records belong to, as the last !Account block named it (null: none did). */
        private String accountName, accountType = "", blockCurrency;
        private Accounts.Account account;
        /** The last account of an AutoSwitch list: name, type, description. */
        private String[] listed;

        // the open record
        private int start = -1, lines;
        private boolean inSplit, badEncoding;
        private final Map<Character, String> fields = new LinkedHashMap<>();
        private final List<String> splits = new ArrayList<>();
        private final StringBuilder memo = new StringBuilder(), raw = new StringBuilder();

        Scan(Tally tally, Accounts accounts, Accounts.Account fileAccount, boolean folderWins) {
            this.tally = tally;
            this.accounts = accounts;
            this.fileAccount = fileAccount;
            this.folderWins = folderWins;
            this.account = fileAccount;
        }

        void line(DecodedText.Line line) {
            String t = line.text().strip();
            if (t.isEmpty()) {
                tally.skip("blank");
                return;
            }
            if (t.charAt(0) == '!') {
                close();
                header(t.toLowerCase(Locale.ROOT));
                return;
            }
            if (t.equals("^")) {
                if (start < 0) {
                    tally.skip(FileReport.SKIPPED_MARKUP); // a terminator with no record before it
                } else {
                    lines++;
                    close();
                }
                return;
            }
            char code = t.charAt(0);
            if (code == 'D' && fields.containsKey('D') && (mode == Mode.MONEY || mode == Mode.INVESTMENT)) {
                close(); // a record whose ^ is missing: a second date starts the next one
            }
            if (start < 0) start = line.number();
            lines++;
            field(code, t.substring(1).strip());
            badEncoding |= line.badEncoding();
            if (raw.length() < 2000) raw.append(line.text()).append('\n');
        }

        private void field(char code, String value) {
            if (code == 'S' && mode == Mode.MONEY) inSplit = true;
            if (inSplit) {
                if (code == '$') splits.add(value);
                return; // split categories and memos are not part of the row
            }
            if (code == 'M') {
                if (!value.isEmpty()) memo.append(memo.length() > 0 ? " " : "").append(value); // MoneyManagerEx: one M per note line
                return;
            }
            fields.putIfAbsent(code, value);
        }

        /** A {@code !} line: a section header, an account block, or an option. */
        private void header(String h) {
            if (h.startsWith("!option:autoswitch")) {
                autoSwitch = true;
                mode = Mode.ACCOUNT_LIST;
                tally.skip(ACCOUNT_LIST);
            } else if (h.startsWith("!clear:autoswitch")) {
                autoSwitch = false;
                listed = null;
                mode = Mode.UNSUPPORTED;
                section = "none";
                tally.skip(ACCOUNT_LIST);
            } else if (h.startsWith("!option") || h.startsWith("!clear")) {
                tally.skip(OPTION); // other options leave the section as it was
            } else if (h.startsWith("!account")) {
                mode = autoSwitch ? Mode.ACCOUNT_LIST : Mode.ACCOUNT;
                tally.skip(autoSwitch ? ACCOUNT_LIST : ACCOUNT);
            } else {
                section(sectionType(h));
            }
        }

        private void section(String type) {
            section = type;
            sectionRecords = 0;
            if (LISTS.containsKey(type)) {
                mode = Mode.LIST;
                listKind = LISTS.get(type);
                tally.skip(listKind);
                return;
            }
            tally.skip(FileReport.SKIPPED_MARKUP);
            mode = CASH_TYPES.contains(type) ? Mode.MONEY : INVESTMENT_TYPES.contains(type) ? Mode.INVESTMENT
                    : Mode.UNSUPPORTED;
            if (autoSwitch && mode != Mode.UNSUPPORTED) {
                autoSwitch = false; // no !Clear:AutoSwitch: the records belong to the last account listed (as GnuCash reads it)
                if (listed != null) name(listed[0], listed[1], listed[2]);
            }
            if (accountName != null && accountType.isEmpty()) {
                account = named(accountName, type); // a block without T: the section's type tells a card from an account
            }
        }

        /** Ends the open record: a row, the opening balance, or a non-data block. */
        void close() {
            if (start < 0) return;
            if (!memo.isEmpty()) fields.put('M', memo.toString());
            switch (mode) {
                case ACCOUNT -> {
                    name(fields.getOrDefault('N', ""), fields.getOrDefault('T', ""), fields.getOrDefault('D', ""));
                    tally.skip(ACCOUNT, lines);
                }
                case ACCOUNT_LIST -> {
                    if (!fields.getOrDefault('N', "").isEmpty()) {
                        listed = new String[]{fields.get('N'), fields.getOrDefault('T', ""), fields.getOrDefault('D', "")};
                    }
                    tally.skip(ACCOUNT_LIST, lines);
                }
                case LIST -> {
                    if (section.equals("security") && !fields.getOrDefault('N', "").isEmpty()
                            && !fields.getOrDefault('S', "").isEmpty()) {
                        symbols.put(fields.get('N'), fields.get('S'));
                    }
                    tally.skip(listKind, lines);
                }
                default -> record();
            }
            sectionRecords++;
            start = -1;
            lines = 0;
            inSplit = false;
            badEncoding = false;
            fields.clear();
            splits.clear();
            memo.setLength(0);
            raw.setLength(0);
        }

        private void record() {
            if (mode == Mode.MONEY && sectionRecords == 0 && openingBalance()) {
                tally.skip(BALANCE, lines);
                return;
            }
            entries.add(new Entry(start, mode, section, Map.copyOf(fields), List.copyOf(splits), raw.toString().strip(),
                    account, blockCurrency, badEncoding));
            tally.skip(FileReport.SKIPPED_MARKUP, lines - 1);
        }

        /**
         * Whether the open record is the one that opens a register: the first of its section, a transfer to an
         * account ({@code L[Checking]}) paid by "Opening Balance" (or to the account the {@code !Account} block
         * named). Microsoft Money names the file's account this way; it is a balance, not a transaction.
         */
        private boolean openingBalance() {
            String target = transferTarget(fields.getOrDefault('L', ""));
            if (target == null) return false;
            boolean byPayee = OPENING_BALANCE.matcher(fields.getOrDefault('P', "").strip()).matches();
            if (!byPayee && !target.equalsIgnoreCase(accountName == null ? "" : accountName)) return false;
            if (accountName == null) name(target, "", "");
            return true;
        }

        /** An account's name (with its type and description) names the account of the records that follow. */
        private void name(String name, String type, String description) {
            if (name.isEmpty()) return;
            accountName = name;
            accountType = type;
            blockCurrency = blockCurrency(name + " " + description);
            account = named(name, type.isEmpty() ? section : type);
        }

        /**
         * The account a name gives: a configured one it names, else the folder's (a file dropped into an account's
         * folder), else one inferred from the name and type.
         */
        private Accounts.Account named(String name, String type) {
            return accounts.findExact(name).orElseGet(() -> folderWins ? fileAccount
                    : InferredAccounts.account(AccountClues.fromValue(name, type)));
        }
    }

    /** {@code !Type:Bank}, {@code !type bank} (Crédit Lyonnais) or {@code !Type: Oth  L} as one lower-case type. */
    static String sectionType(String header) {
        String h = header.startsWith("!type:") || header.startsWith("!type ") ? header.substring(6) : header.substring(1);
        return h.strip().replaceAll("\\s+", " ");
    }

    /** The account of a transfer category {@code [Checking]} (or {@code [Checking]/Class}), else null. */
    static String transferTarget(String category) {
        String c = category.strip();
        int close = c.indexOf(']');
        return c.startsWith("[") && close > 1 ? c.substring(1, close).strip() : null;
    }

    /**
     * QIF dates: {@code 6/13'25} and {@code 1/ 3' 5} carry a 2000s year after the apostrophe (spaces pad digits);
     * where a four-digit year is written ({@code 04/12'2006}, {@code 2024'01'02}) the apostrophe only separates.
     */
    static String dateText(String d) {
        Matcher m = APOSTROPHE_YEAR.matcher(d);
        if (!FOUR_DIGITS.matcher(d).find() && m.find()) {
            int year = 2000 + Integer.parseInt(m.group(1));
            return d.substring(0, m.start()) + "/" + year;
        }
        return d.replace('\'', '/');
    }

    private static DateReader dateStyle(List<Entry> entries, LocalDate ingestDate, Boolean dayFirst) {
        List<String> values = entries.stream().map(e -> dateText(e.field('D'))).filter(v -> !v.isBlank()).toList();
        Inference.DateChoice choice = Inference.dateStyle(values, ingestDate, dayFirst);
        return choice.format() != null ? choice.format() : new DateStyle(DateStyle.Order.MDY); // Quicken's own order
    }

    private static List<String> amountTexts(List<Entry> entries) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.amount().isEmpty()) out.add(e.amount());
            out.addAll(e.splits());
        }
        return out;
    }

    /** A currency and what in the file said so. */
    private record Clue(String currency, String from) {
    }

    /**
     * The currency the file states and where: the {@code !Account} blocks (when they all state the same), the file
     * name ({@code ..._EUR.qif}, as GnuCash for Android splits its export per currency), the currencies the records'
     * texts name, the script, the merchants' country; null when nothing does (then month-first dates mean dollars,
     * else the home currency applies). A record under a block that states its currency keeps that one.
     */
    private static Clue currencyClue(String stem, List<Entry> entries, DecodedText text) {
        List<String> blocks = entries.stream().map(Entry::blockCurrency).distinct().toList();
        if (blocks.size() == 1 && blocks.get(0) != null) return new Clue(blocks.get(0), "the !Account block");
        for (String token : stem.split("[_\\-. ()]+")) {
            if (token.length() == 3 && CURRENCY_WORD.matcher(token).matches()) return new Clue(token, "the file name");
        }
        List<String> texts = entries.stream().map(e -> e.field('P') + " " + e.field('M')).toList();
        String named = namedCurrency(texts);
        if (named != null) return new Clue(named, "the currency the records' texts name");
        String script = CurrencyClues.byScript(text.lines(), 0);
        if (script != null) return new Clue(script, "the file's script");
        String country = CurrencyClues.merchantCountry(Map.of("description", List.of(0)),
                texts.stream().map(List::of).toList()); // each text a one-cell row
        return country != null ? new Clue(country, "the merchants' country") : null;
    }

    /** The currency most records' texts name ({@code 24.50 GBP, RATE 1.00/GBP}, {@code £}), if a quarter of them do. */
    static String namedCurrency(List<String> texts) {
        Map<String, Integer> counts = new HashMap<>();
        for (String t : texts) {
            Matcher m = CURRENCY_WORD.matcher(t);
            Set<String> inRecord = new HashSet<>();
            while (m.find()) inRecord.add(m.group(1) != null ? m.group(1) : Currencies.normalise(m.group(2)));
            inRecord.forEach(c -> counts.merge(c, 1, Integer::sum));
        }
        String best = null;
        int bestCount = 0;
        boolean tie = false;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
                tie = false;
            } else if (e.getValue() == bestCount) {
                tie = true;
            }
        }
        return best != null && !tie && bestCount >= 2 && bestCount * 4 >= texts.size() ? best : null;
    }

    /** The currency an {@code !Account} block states: an ISO code or symbol (MoneyManagerEx: {@code D[CHF]}), an IBAN, a sort code. */
    static String blockCurrency(String text) {
        Matcher m = CURRENCY_WORD.matcher(text);
        if (m.find()) return m.group(1) != null ? m.group(1) : Currencies.normalise(m.group(2));
        var iban = AccountClues.iban(text);
        if (iban.isPresent()) return AccountClues.ibanCurrency(iban.get()) != null ? AccountClues.ibanCurrency(iban.get()) : "EUR";
        return AccountClues.mentionsSortCode(text) ? "GBP" : null;
    }

    private static RowOutcome row(Entry e, DateReader dates, NumberStyle numbers, String fileCurrency,
                                  Map<String, String> symbols, LocalDate ingestDate) {
        if (e.mode() == Mode.UNSUPPORTED) {
            return RowOutcome.reject(ReasonCode.UNSUPPORTED_RECORD, e.section().equals("none")
                    ? "a record outside any !Type section" : "!Type:" + e.section() + " records are not transactions we read");
        }
        if (e.badEncoding()) return RowOutcome.reject(ReasonCode.BAD_ENCODING, "a line of the record");
        int sign = 0; // as written; an investment action signs its unsigned total
        if (e.mode() == Mode.INVESTMENT) {
            String action = e.field('N');
            RowOutcome unsupported = cashless(action, e.field('L'));
            if (unsupported != null) return unsupported;
            sign = CASH_ACTIONS.get(action.strip().toLowerCase(Locale.ROOT));
        }
        DateFormat.Result date = dates.parse(dateText(e.field('D')));
        if (!date.ok()) {
            return RowOutcome.reject(date.error(), e.field('D').isEmpty() ? "no D (date) line" : "D '" + e.field('D') + "'");
        }
        if (date.value().isBefore(RowContext.EARLIEST) || date.value().isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, date.value().toString());
        }
        AmountParser.Result amount = amount(e, numbers);
        if (!amount.ok()) return RowOutcome.reject(amount.error(), "T '" + e.amount() + "'");
        BigDecimal value = sign == 0 ? amount.value() : amount.value().abs().multiply(BigDecimal.valueOf(sign));
        String currency = e.account().currencies().isEmpty() ? fileCurrency : e.account().currencies().get(0);
        RowOutcome mismatch = Holding.check(e.account(), currency, value);
        if (mismatch != null) return mismatch;
        String description = e.mode() == Mode.INVESTMENT ? investmentText(e, symbols) : bankText(e);
        ReasonCode text = TextGuard.check(description);
        if (text != null) return RowOutcome.reject(text, "P/M");
        return RowOutcome.valid(new TransactionRecord(e.line(), e.account().id(), date.value(), null, value.setScale(2),
                currency, description, null, 0));
    }

    /**
     * Why an investment record is no row of this account, or null when it moves the account's cash: share
     * movements and reinvestments move no cash; the X actions (BuyX, DivX ...) settle in the transfer account.
     */
    static RowOutcome cashless(String action, String transfer) {
        String a = action.strip().toLowerCase(Locale.ROOT);
        if (a.isEmpty()) return RowOutcome.reject(ReasonCode.UNSUPPORTED_RECORD, "an investment record without an action (N)");
        if (CASH_ACTIONS.containsKey(a)) return null;
        if (a.endsWith("x") && CASH_ACTIONS.containsKey(a.substring(0, a.length() - 1))) {
            return RowOutcome.reject(ReasonCode.UNSUPPORTED_RECORD, action.strip() + ": its cash moved in "
                    + (transfer.isBlank() ? "another account" : transfer.strip()) + ", not in this account");
        }
        return RowOutcome.reject(ReasonCode.UNSUPPORTED_RECORD, action.strip() + ": moves shares or options, no cash");
    }

    /** The record's amount: U or T, else (GnuCash for Android writes no T) the sum of its split amounts. */
    private static AmountParser.Result amount(Entry e, NumberStyle numbers) {
        if (!e.amount().isEmpty() || e.splits().isEmpty()) return AmountParser.parse(e.amount(), numbers);
        BigDecimal sum = BigDecimal.ZERO;
        for (String split : e.splits()) {
            AmountParser.Result r = AmountParser.parse(split, numbers);
            if (!r.ok()) return r;
            sum = sum.add(r.value());
        }
        return new AmountParser.Result(sum, null);
    }

    /** Payee, then memo; a transfer with neither (Microsoft Money writes none) is described by its other account. */
    private static String bankText(Entry e) {
        List<String> parts = new ArrayList<>(2);
        TransactionRows.add(parts, e.field('P'));
        TransactionRows.add(parts, e.field('M'));
        String target = transferTarget(e.field('L'));
        if (parts.isEmpty() && target != null) TransactionRows.add(parts, target);
        return String.join(" / ", parts);
    }

    /** Like a brokerage export: action, symbol, security, then the payee line and memo. */
    private static String investmentText(Entry e, Map<String, String> symbols) {
        List<String> parts = new ArrayList<>(5);
        String security = e.field('Y');
        TransactionRows.add(parts, e.field('N'));
        TransactionRows.add(parts, symbols.getOrDefault(security, ""));
        TransactionRows.add(parts, security);
        TransactionRows.add(parts, e.field('P'));
        TransactionRows.add(parts, e.field('M'));
        return String.join(" / ", parts);
    }

    private static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
