package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
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
 * Reads OFX/QFX statements (1.x SGML, 2.x XML and the mixtures banks send) from an {@link OfxDocument}: every bank
 * ({@code STMTRS}) and card ({@code CCSTMTRS}) statement of the file, in whichever message set, each with its own
 * account ({@code ACCTID}) and currency ({@code CURDEF}, or the {@code CURSYM} some banks send in its place). Every
 * {@code STMTTRN} of a statement is one row, counted on the line it opens on, also one after its
 * {@code BANKTRANLIST} or after the statement's closing tag; every other line of the document is markup.
 */
final class OfxFileParser {
    /** Bank, card and investment statements. */
    private static final Set<String> STATEMENTS = Set.of("STMTRS", "CCSTMTRS", "INVSTMTRS");
    private static final Set<String> ANY_STATEMENT = STATEMENTS;
    private static final Set<String> ACCOUNT_FROM = Set.of("BANKACCTFROM", "CCACCTFROM", "INVACCTFROM");
    /** {@code YYYYMMDD[HHMMSS[.XXX]][[+-]h[.mm][:TZ]]}: the date part is what counts. */
    private static final Pattern OFX_DATE = Pattern.compile("(\\d{8})(?:\\d{2,6}(?:\\.\\d{1,6})?)?\\s*(?:\\[[^\\]]{0,40}\\])?");
    private static final Pattern LEADING_ZEROS = Pattern.compile("^(-?)0+(?=\\d)");
    private static final Pattern PADDED_DECIMALS = Pattern.compile("([.,]\\d{2})0+$");
    private static final Pattern OFX_ROOT = Pattern.compile("<OFX[\\s>]");
    private static final DateFormat YYYYMMDD = new DateFormat("yyyyMMdd");
    /** OFX writes a comma as its decimal mark, never as a thousands mark. */
    private static final NumberStyle DECIMAL_COMMA = new NumberStyle(',', null, EnumSet.of(NumberStyle.Negative.LEADING_MINUS));

    private OfxFileParser() {
    }

    /** Whether the text is an OFX document rather than CSV: an OFX header, or an {@code <OFX>} root near the top. */
    static boolean looksLikeOfx(DecodedText text) {
        StringBuilder head = new StringBuilder();
        for (DecodedText.Line line : text.lines()) {
            head.append(line.text()).append('\n');
            if (head.length() > 4096) break;
        }
        String h = head.toString().toUpperCase(Locale.ROOT);
        return h.contains("OFXHEADER") || OFX_ROOT.matcher(h).find();
    }

    /** One statement as the rows need it: the account and currency its transactions belong to. */
    record Statement(Accounts.Account account, String currency, String currencyText) {
    }

    static ParsedFile parse(FileInput input, DecodedText text, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        OfxDocument doc = OfxDocument.parse(join(text));
        DecodedText declared = asDeclared(input, text, doc);
        if (declared != text) {
            text = declared;
            doc = OfxDocument.parse(join(text));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", doc.xml() ? "2.x-xml" : "1.x-sgml");
        if (doc.header().containsKey("VERSION")) details.put("header_version", doc.header().get("VERSION"));
        List<OfxDocument.Element> transactions = doc.all("STMTTRN");
        // What a document rejected whole quarantines: every row it holds, investment entries and stated balances too.
        List<OfxDocument.Element> allRows = new ArrayList<>(transactions);
        for (OfxDocument.Element s : doc.root().descendants()) {
            if (STATEMENTS.contains(s.name())) {
                OfxEntries.entries(s).stream().filter(e -> e.kind() != OfxEntries.Kind.UNITS_ONLY)
                        .forEach(e -> allRows.add(e.element()));
            }
        }
        Tally tally = new Tally(input);
        if (doc.tooDeepAt().isPresent()) {
            return rejectAll(doc, text, allRows, tally, ReasonCode.NESTING_TOO_DEEP, "aggregates nest more than "
                    + OfxDocument.MAX_DEPTH + " deep from line " + doc.tooDeepAt().getAsInt(), details);
        }
        String problem = structureProblem(doc);
        if (problem != null) return rejectAll(doc, text, allRows, tally, ReasonCode.INVALID_OFX, problem, details);

        Map<OfxDocument.Element, OfxDocument.Element> owners = owners(doc);
        List<OfxDocument.Element> statements = new ArrayList<>();
        for (OfxDocument.Element e : doc.root().descendants()) if (STATEMENTS.contains(e.name())) statements.add(e);
        if (statements.isEmpty()) {
            return rejectAll(doc, text, allRows, tally, ReasonCode.OFX_NO_STATEMENT, null, details);
        }
        for (OfxDocument.Element t : transactions) {
            OfxDocument.Element owner = owners.get(t);
            if (owner == null) {
                return rejectAll(doc, text, allRows, new Tally(input), ReasonCode.INVALID_OFX,
                        "STMTTRN on line " + t.line() + " is outside any bank or card statement", details);
            }
            if (!STATEMENTS.contains(owner.name())) {
                return rejectAll(doc, text, allRows, new Tally(input), ReasonCode.INVALID_OFX, "STMTTRN on line "
                        + t.line() + " belongs to the investment statement on line " + owner.line() + ", not read yet", details);
            }
        }
        Map<OfxDocument.Element, Statement> read = new IdentityHashMap<>();
        for (OfxDocument.Element s : statements) read.put(s, statement(s, accounts, folderAccount, input));
        List<LakeRecord> valid = new ArrayList<>();
        for (OfxDocument.Element t : transactions) {
            tally.read();
            RowOutcome o = row(t, read.get(owners.get(t)), ingestDate);
            if (o.ok()) valid.add(o.record());
            else tally.reject(t.line(), doc.source(t), o.reason(), o.detail());
        }
        // Investment transactions, positions and stated balances: rows too, read after the STMTTRN of every statement.
        Map<String, OfxEntries.Security> securities = OfxEntries.securities(doc);
        List<OfxDocument.Element> rowElements = new ArrayList<>(transactions);
        List<OfxDocument.Element> unitsOnly = new ArrayList<>();
        List<LakeRecord> statedRows = new ArrayList<>();
        for (OfxDocument.Element s : statements) {
            for (OfxEntries.Entry entry : OfxEntries.entries(s)) {
                if (entry.kind() == OfxEntries.Kind.UNITS_ONLY) {
                    unitsOnly.add(entry.element());
                    continue;
                }
                tally.read();
                RowOutcome o = OfxEntries.read(entry, read.get(s), securities, ingestDate);
                if (!o.ok()) tally.reject(entry.element().line(), doc.source(entry.element()), o.reason(), o.detail());
                else if (entry.kind() == OfxEntries.Kind.TRANSACTION) valid.add(o.record());
                else statedRows.add(o.record());
                rowElements.add(entry.element());
            }
        }
        TransactionRows.numberRepeats(valid).forEach(o -> tally.valid(o.record()));
        statedRows.forEach(tally::valid);
        details.put("statements", String.valueOf(statements.size()));
        long investment = statements.stream().filter(st -> st.name().equals("INVSTMTRS")).count();
        if (investment > 0) details.put("investment_statements", String.valueOf(investment));
        Set<String> accountIds = new LinkedHashSet<>();
        read.values().forEach(s -> accountIds.add(s.account().id()));
        if (!unitsOnly.isEmpty()) details.put("units_only", String.valueOf(unitsOnly.size()));
        tally.skip(OfxEntries.SKIPPED_UNITS_ONLY, unitsOnly.size());
        List<OfxDocument.Element> entries = new ArrayList<>(rowElements);
        entries.addAll(unitsOnly);
        return build(tally, rowElements.isEmpty() ? ReasonCode.HEADER_ONLY : null, null, text, entries,
                new FileReport.Layout("ofx", "ofx-" + details.get("version"), details),
                accountIds.size() == 1 ? accountIds.iterator().next() : null);
    }

    /**
     * What makes the document unreadable as a whole, or null: no {@code <OFX>} aggregate, or a statement still open
     * when the file ends (a download cut off: what it held after that point is lost, so none of it is trusted).
     */
    private static String structureProblem(OfxDocument doc) {
        if (doc.ofx() == null) {
            return doc.header().isEmpty() ? "no <OFX> aggregate" : "an OFX header but no <OFX> aggregate after it";
        }
        for (OfxDocument.Element e : doc.root().descendants()) {
            if (ANY_STATEMENT.contains(e.name()) && e.endedByEof()) {
                return "the file ends inside the " + e.name() + " opened on line " + e.line() + " (cut off?)";
            }
        }
        return null;
    }

    /**
     * The statement each STMTTRN belongs to: the one it sits in, else (a transaction misplaced after its statement's
     * closing tag) the statement opened last before it; absent when no statement precedes it.
     */
    private static Map<OfxDocument.Element, OfxDocument.Element> owners(OfxDocument doc) {
        Map<OfxDocument.Element, OfxDocument.Element> owners = new IdentityHashMap<>();
        OfxDocument.Element last = null;
        for (OfxDocument.Element e : doc.root().descendants()) {
            if (ANY_STATEMENT.contains(e.name())) last = e;
            if (!e.name().equals("STMTTRN")) continue;
            OfxDocument.Element inside = e.ancestor(ANY_STATEMENT);
            OfxDocument.Element owner = inside != null ? inside : last;
            if (owner != null) owners.put(e, owner);
        }
        return owners;
    }

    /**
     * A statement's account (a configured one its ACCTID names, else the folder's, else one inferred from the ACCTID:
     * a card's as card-XXXX) and currency (CURDEF, else CURSYM, else the account's, else the household's).
     */
    private static Statement statement(OfxDocument.Element s, Accounts accounts, Accounts.Account folderAccount,
                                       FileInput input) {
        OfxDocument.Element from = null;
        for (OfxDocument.Element c : s.children()) if (from == null && ACCOUNT_FROM.contains(c.name())) from = c;
        if (from == null) {
            for (OfxDocument.Element e : s.descendants()) {
                if (ACCOUNT_FROM.contains(e.name()) && e.ancestor(Set.of("STMTTRN")) == null) {
                    from = e;
                    break;
                }
            }
        }
        String acctId = from == null ? null : from.value("ACCTID");
        boolean card = s.name().equals("CCSTMTRS") || from != null && from.name().equals("CCACCTFROM");
        Accounts.Account account = accounts.find(acctId).orElse(folderAccount);
        if (account == null) {
            account = acctId != null && !acctId.isBlank()
                    ? InferredAccounts.account(AccountClues.fromValue(acctId, card ? "card" : "account"))
                    : InferredAccounts.named(stem(input.sourceFile()));
        }
        String written = nonBlank(s.value("CURDEF"));
        if (written == null) written = nonBlank(s.value("CURSYM"));
        if (written != null) return new Statement(account, Currencies.normalise(written), written);
        String fallback = !account.currencies().isEmpty() ? account.currencies().get(0) : accounts.homeCurrency();
        return new Statement(account, fallback, "");
    }

    private static RowOutcome row(OfxDocument.Element t, Statement statement, LocalDate ingestDate) {
        String dateText = nonBlank(t.value("DTPOSTED"));
        if (dateText == null) return RowOutcome.reject(ReasonCode.MISSING_DATE, "DTPOSTED");
        DateFormat.Result date = date(dateText);
        if (!date.ok()) return RowOutcome.reject(date.error(), "DTPOSTED '" + dateText + "'");
        if (date.value().isBefore(RowContext.EARLIEST) || date.value().isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, date.value().toString());
        }
        String amountText = nonBlank(t.value("TRNAMT"));
        if (amountText == null) return RowOutcome.reject(ReasonCode.MISSING_AMOUNT, "TRNAMT");
        AmountParser.Result amount = amount(amountText);
        if (!amount.ok()) return RowOutcome.reject(amount.error(), "TRNAMT '" + amountText + "'");
        // A CURRENCY aggregate (CURSYM, CURRATE) says the row's amounts are in that currency. ORIGCURRENCY names the
        // currency the amount was converted from (the amount itself is in the statement's): kept as the original.
        String rowCurrency = currencyOf(t.child("CURRENCY"));
        String currency = rowCurrency != null ? Currencies.normalise(rowCurrency) : statement.currency();
        if (currency == null) {
            return RowOutcome.reject(ReasonCode.UNKNOWN_CURRENCY, rowCurrency != null ? "CURRENCY '" + rowCurrency + "'"
                    : "CURDEF '" + statement.currencyText() + "'");
        }
        RowOutcome mismatch = Holding.check(statement.account(), currency, amount.value());
        if (mismatch != null) return mismatch;
        String description = description(t);
        ReasonCode textProblem = TextGuard.check(description);
        if (textProblem != null) return RowOutcome.reject(textProblem, "NAME/MEMO");
        BigDecimal value = amount.value().setScale(2);
        return RowOutcome.valid(new TransactionRecord(t.line(), statement.account().id(), date.value(),
                valueDate(t, date.value()), value, currency, description, nonBlank(t.value("FITID")), 0,
                TransactionRecord.BOOKED, original(t.child("ORIGCURRENCY"), value, currency),
                TransactionRecord.Bank.of(counterpartyIban(t), t.value("TRNTYPE"), null)));
    }

    /**
     * The amount before conversion an ORIGCURRENCY aggregate states: its CURSYM, and the amount divided by its CURRATE
     * (units of the statement's currency per unit of the original); null when absent, the same currency or no rate.
     */
    static TransactionRecord.Original original(OfxDocument.Element orig, BigDecimal amount, String currency) {
        if (orig == null || orig.isLeaf()) return null;
        String code = Currencies.normalise(orig.value("CURSYM") == null ? "" : orig.value("CURSYM"));
        BigDecimal rate = OfxEntries.quantity(orig.value("CURRATE"));
        if (code == null || code.equals(currency) || rate == null || rate.signum() <= 0) return null;
        return new TransactionRecord.Original(amount.divide(rate, 2, java.math.RoundingMode.HALF_EVEN), code, rate);
    }

    /** The IBAN of the account a transfer went to or came from (BANKACCTTO's ACCTID), when it is one. */
    private static String counterpartyIban(OfxDocument.Element t) {
        OfxDocument.Element to = t.child("BANKACCTTO") != null ? t.child("BANKACCTTO") : t.child("CCACCTTO");
        String id = to == null ? null : nonBlank(to.value("ACCTID"));
        return id != null && AccountClues.iban(id.replace(" ", "")).isPresent() ? id.replace(" ", "") : null;
    }

    /** The date part of an OFX date-time, or why it is not one. */
    static DateFormat.Result date(String text) {
        Matcher m = OFX_DATE.matcher(text.strip());
        if (!m.matches()) return new DateFormat.Result(null, ReasonCode.INVALID_DATE);
        return YYYYMMDD.parse(m.group(1));
    }

    /** DTAVAIL (when the money is available) as the value date, when it is a date other than the booking date. */
    private static LocalDate valueDate(OfxDocument.Element t, LocalDate booked) {
        String avail = nonBlank(t.value("DTAVAIL"));
        if (avail == null) return null;
        DateFormat.Result d = date(avail);
        return d.ok() && !d.value().equals(booked) ? d.value() : null;
    }

    /**
     * TRNAMT: a point or, as OFX allows, a comma as decimal mark ({@code -12,50}), a leading {@code +} or {@code -};
     * a thousands mark only beside the other decimal mark ({@code 1.234,56}), which OFX does not allow but banks write.
     */
    static AmountParser.Result amount(String text) {
        String t = text.strip();
        if (t.startsWith("+")) t = t.substring(1).strip();
        // Brokers pad amounts with zeros on both sides (+00000000000050.0000): they say nothing.
        t = PADDED_DECIMALS.matcher(LEADING_ZEROS.matcher(t).replaceFirst("$1")).replaceFirst("$1");
        boolean comma = t.indexOf(',') >= 0 && t.indexOf('.') < 0;
        AmountParser.Result r = AmountParser.parse(t, comma ? DECIMAL_COMMA : NumberStyle.POINT);
        if (r.error() == ReasonCode.DECIMAL_SEPARATOR_MISMATCH) r = AmountParser.parse(t, NumberStyle.COMMA);
        return r;
    }

    /** The currency a CURRENCY element names: its CURSYM, or its own text when a bank writes it as a leaf. */
    static String currencyOf(OfxDocument.Element currency) {
        if (currency == null) return null;
        return nonBlank(currency.isLeaf() ? currency.text() : currency.value("CURSYM"));
    }

    /** NAME (or PAYEE's NAME), then MEMO, each once; TRNTYPE is a type, not a description. */
    private static String description(OfxDocument.Element t) {
        String name = t.value("NAME");
        OfxDocument.Element payee = t.child("PAYEE");
        if (nonBlank(name) == null && payee != null) name = payee.isLeaf() ? payee.text() : payee.value("NAME");
        List<String> parts = new ArrayList<>(2);
        TransactionRows.add(parts, name == null ? "" : name);
        TransactionRows.add(parts, t.value("MEMO") == null ? "" : t.value("MEMO"));
        return String.join(" / ", parts);
    }

    /**
     * The text as the OFX header declares it, when detection could only guess: bytes that are not UTF-8 (no BOM,
     * not UTF-16, not valid UTF-8) are read in the single-byte charset the header names (CHARSET:1250, 8859-1, an
     * XML encoding="ISO-8859-15"), which tells the Windows code pages and ISO 8859 parts apart better than a guess.
     * A header saying UTF-8 over bytes that are not, or 1252 over bytes that are valid UTF-8, is wrong and ignored.
     */
    static DecodedText asDeclared(FileInput input, DecodedText text, OfxDocument doc) {
        Optional<Charset> declared = doc.declaredCharset();
        if (declared.isEmpty() || text.bom() || !Charset.isSupported(text.encoding())) return text;
        Charset detected = Charset.forName(text.encoding());
        if (detected.equals(declared.get()) || detected.equals(StandardCharsets.UTF_8)
                || detected.name().startsWith("UTF-16") || !declared.get().canEncode()
                || declared.get().newEncoder().maxBytesPerChar() > 1) {
            return text;
        }
        return TextDecoder.decode(input.bytes(), declared);
    }

    private static ParsedFile rejectAll(OfxDocument doc, DecodedText text, List<OfxDocument.Element> transactions,
                                        Tally tally, ReasonCode reason, String detail, Map<String, String> details) {
        for (OfxDocument.Element t : transactions) {
            tally.read();
            tally.reject(t.line(), doc.source(t), reason, detail);
        }
        return build(tally, reason, detail, text, transactions, new FileReport.Layout("ofx", null, details), null);
    }

    /**
     * Assembles the outcome once every STMTTRN is a row: the lines without a STMTTRN start are markup, and a line on
     * which several STMTTRN start counts once per transaction, so the lines add up even for a one-line document.
     */
    private static ParsedFile build(Tally tally, ReasonCode reason, String detail, DecodedText text,
                                    List<OfxDocument.Element> transactions, FileReport.Layout layout, String accountId) {
        int startLines = (int) transactions.stream().mapToInt(OfxDocument.Element::line).distinct().count();
        int linesTotal = text.lines().size() + transactions.size() - startLines;
        tally.skip(FileReport.SKIPPED_MARKUP, linesTotal - transactions.size());
        return tally.build(reason, detail, text.encoding(), text.bom(), layout, accountId, linesTotal);
    }

    static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String stem(String path) {
        return path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.[^.]*$", "");
    }

    private static String join(DecodedText text) {
        StringBuilder sb = new StringBuilder();
        for (DecodedText.Line line : text.lines()) {
            sb.append(line.text()).append('\n');
        }
        return sb.toString();
    }
}
