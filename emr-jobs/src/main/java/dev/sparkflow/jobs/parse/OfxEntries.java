package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.HoldingRecord;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of an OFX statement besides its {@code STMTTRN}: an investment statement's transactions (each that moves
 * cash is a transaction of the investment account, its {@code TOTAL} the amount), its positions (holdings) and its
 * cash balance, and a bank or card statement's closing balance ({@code LEDGERBAL}). Records that move units but no
 * cash ({@code REINVEST}, {@code TRANSFER}, {@code SPLIT}, {@code JRNLSEC}) are no rows: their lines are counted as
 * {@link #SKIPPED_UNITS_ONLY}; an empty balance element states nothing and is markup. Nothing here recurses: the document is a tree already read by {@link OfxDocument}.
 */
final class OfxEntries {
    /** Skipped-line kind of an investment record that moves units but no cash. */
    static final String SKIPPED_UNITS_ONLY = "units_only";

    private static final Set<String> BUYS = Set.of("BUYDEBT", "BUYMF", "BUYOPT", "BUYOTHER", "BUYSTOCK");
    private static final Set<String> SELLS = Set.of("SELLDEBT", "SELLMF", "SELLOPT", "SELLOTHER", "SELLSTOCK");
    /** Cash records other than buys and sells, with the action they are described by (INCOME's by its type). */
    private static final Map<String, String> CASH = Map.of("INCOME", "Income", "INVEXPENSE", "Expense",
            "MARGININTEREST", "Margin interest", "RETOFCAP", "Return of capital", "JRNLFUND", "Journal",
            "CLOSUREOPT", "Option closure");
    private static final Map<String, String> INCOME_TYPES = Map.of("DIV", "Dividend", "INTEREST", "Interest",
            "CGLONG", "Capital gain", "CGSHORT", "Capital gain", "MISC", "Income");
    private static final Set<String> UNITS_ONLY = Set.of("REINVEST", "TRANSFER", "SPLIT", "JRNLSEC");
    private static final Set<String> POSITIONS = Set.of("POSDEBT", "POSMF", "POSOPT", "POSOTHER", "POSSTOCK");
    /** Units and prices are kept to six decimals (the holdings schema). */
    private static final int QUANTITY_SCALE = 6;

    private OfxEntries() {
    }

    enum Kind { TRANSACTION, UNITS_ONLY, POSITION, CASH_BALANCE, LEDGER_BALANCE }

    /** One element of a statement that is a row (or a units-only record), with what kind of row it is. */
    record Entry(Kind kind, OfxDocument.Element element) {
    }

    /** A security of the document's SECLIST: its ticker and name, when given. */
    record Security(String ticker, String name) {
    }

    /** The entries of one statement ({@code STMTRS}, {@code CCSTMTRS} or {@code INVSTMTRS}), in document order. */
    static List<Entry> entries(OfxDocument.Element statement) {
        List<Entry> out = new ArrayList<>();
        for (OfxDocument.Element e : statement.descendants()) {
            String name = e.name();
            if (e.ancestor(Set.of("STMTTRN")) != null) continue;
            if (statement.name().equals("INVSTMTRS")) {
                boolean inList = e.parent() != null && e.parent().name().equals("INVTRANLIST");
                if (inList && (BUYS.contains(name) || SELLS.contains(name) || CASH.containsKey(name))) {
                    out.add(new Entry(Kind.TRANSACTION, e));
                } else if (inList && UNITS_ONLY.contains(name)) {
                    out.add(new Entry(Kind.UNITS_ONLY, e));
                } else if (POSITIONS.contains(name) && !e.isLeaf()) {
                    out.add(new Entry(Kind.POSITION, e));
                } else if (name.equals("AVAILCASH") && !e.text().isBlank() && e.parent() != null
                        && e.parent().name().equals("INVBAL")) {
                    out.add(new Entry(Kind.CASH_BALANCE, e));
                }
            } else if (name.equals("LEDGERBAL") && !e.isLeaf() && e.value("BALAMT") != null && !e.value("BALAMT").isBlank()) {
                // An empty LEDGERBAL (some banks write <BALAMT></BALAMT>) states no balance: it is markup.
                out.add(new Entry(Kind.LEDGER_BALANCE, e));
            }
        }
        return out;
    }

    /** The securities the document lists (SECLIST's SECINFO), by their UNIQUEID. */
    static Map<String, Security> securities(OfxDocument doc) {
        Map<String, Security> out = new HashMap<>();
        for (OfxDocument.Element info : doc.all("SECINFO")) {
            OfxDocument.Element secId = info.child("SECID");
            String id = secId == null ? null : OfxFileParser.nonBlank(secId.value("UNIQUEID"));
            if (id != null) out.putIfAbsent(id, new Security(OfxFileParser.nonBlank(info.value("TICKER")), OfxFileParser.nonBlank(info.value("SECNAME"))));
        }
        return out;
    }

    /** Reads one entry (not a units-only one) of {@code statement} into its record, or why it cannot be read. */
    static RowOutcome read(Entry entry, OfxFileParser.Statement statement, Map<String, Security> securities,
                           LocalDate ingestDate) {
        OfxDocument.Element e = entry.element();
        OfxDocument.Element st = e.ancestor(Set.of("STMTRS", "CCSTMTRS", "INVSTMTRS"));
        return switch (entry.kind()) {
            case TRANSACTION -> transaction(e, statement, securities, ingestDate);
            case POSITION -> position(e, statement, securities, st, ingestDate);
            case CASH_BALANCE -> balance(e.line(), e.text(), st == null ? null : st.value("DTASOF"), "AVAILCASH",
                    statement, ingestDate);
            case LEDGER_BALANCE -> balance(e.line(), e.value("BALAMT"), e.value("DTASOF"), "BALAMT", statement,
                    ingestDate);
            case UNITS_ONLY -> throw new IllegalArgumentException("a units-only record is not a row");
        };
    }

    private static RowOutcome transaction(OfxDocument.Element e, OfxFileParser.Statement statement,
                                          Map<String, Security> securities, LocalDate ingestDate) {
        OfxDocument.Element invTran = e.first("INVTRAN");
        String dateText = invTran == null ? null : OfxFileParser.nonBlank(invTran.value("DTTRADE"));
        RowOutcome bad = checkDate(dateText, "DTTRADE", ingestDate);
        if (bad != null) return bad;
        LocalDate date = OfxFileParser.date(dateText).value();
        OfxDocument.Element total = e.first("TOTAL");
        if (total == null || total.text().isBlank()) return RowOutcome.reject(ReasonCode.MISSING_AMOUNT, "TOTAL");
        AmountParser.Result amount = OfxFileParser.amount(total.text());
        if (!amount.ok()) return RowOutcome.reject(amount.error(), "TOTAL '" + total.text() + "'");
        String written = OfxFileParser.currencyOf(e.first("CURRENCY"));
        String currency = written != null ? Currencies.normalise(written) : statement.currency();
        if (currency == null) {
            return RowOutcome.reject(ReasonCode.UNKNOWN_CURRENCY, written != null ? "CURRENCY '" + written + "'"
                    : "CURDEF '" + statement.currencyText() + "'");
        }
        RowOutcome mismatch = Holding.check(statement.account(), currency, amount.value());
        if (mismatch != null) return mismatch;
        Security security = security(e.first("SECID"), securities);
        List<String> parts = new ArrayList<>(4);
        TransactionRows.add(parts, action(e));
        if (security != null) {
            TransactionRows.add(parts, security.ticker() == null ? "" : security.ticker());
            TransactionRows.add(parts, security.name() == null ? "" : security.name());
        }
        TransactionRows.add(parts, invTran.value("MEMO") == null ? "" : invTran.value("MEMO"));
        String description = String.join(" / ", parts);
        ReasonCode textProblem = TextGuard.check(description);
        if (textProblem != null) return RowOutcome.reject(textProblem, "MEMO/SECNAME");
        String settle = OfxFileParser.nonBlank(invTran.value("DTSETTLE"));
        DateFormat.Result settled = settle == null ? null : OfxFileParser.date(settle);
        LocalDate valueDate = settled != null && settled.ok() && !settled.value().equals(date) ? settled.value() : null;
        return RowOutcome.valid(new TransactionRecord(e.line(), statement.account().id(), date, valueDate,
                amount.value().setScale(2), currency, description, OfxFileParser.nonBlank(invTran.value("FITID")), 0,
                TransactionRecord.BOOKED, null, TransactionRecord.Bank.of(null, e.name(), null)));
    }

    /** Buy, Sell, or the record's own action (an INCOME by its INCOMETYPE: Dividend, Interest, Capital gain). */
    private static String action(OfxDocument.Element e) {
        if (BUYS.contains(e.name())) return "Buy";
        if (SELLS.contains(e.name())) return "Sell";
        if (e.name().equals("INCOME")) {
            String type = OfxFileParser.nonBlank(e.value("INCOMETYPE"));
            return type == null ? "Income" : INCOME_TYPES.getOrDefault(type.toUpperCase(java.util.Locale.ROOT), "Income");
        }
        return CASH.get(e.name());
    }

    private static RowOutcome position(OfxDocument.Element e, OfxFileParser.Statement statement,
                                       Map<String, Security> securities, OfxDocument.Element st, LocalDate ingestDate) {
        OfxDocument.Element pos = e.child("INVPOS") != null ? e.child("INVPOS") : e;
        OfxDocument.Element secId = pos.child("SECID");
        String uniqueId = secId == null ? null : OfxFileParser.nonBlank(secId.value("UNIQUEID"));
        if (uniqueId == null) return RowOutcome.reject(ReasonCode.MISSING_FIELD, "SECID/UNIQUEID");
        String asOfText = OfxFileParser.nonBlank(pos.value("DTPRICEASOF"));
        if (asOfText == null && st != null) asOfText = OfxFileParser.nonBlank(st.value("DTASOF"));
        RowOutcome bad = checkDate(asOfText, "DTPRICEASOF", ingestDate);
        if (bad != null) return bad;
        BigDecimal units = quantity(pos.value("UNITS"));
        if (units == null) return RowOutcome.reject(pos.value("UNITS") == null || pos.value("UNITS").isBlank()
                ? ReasonCode.MISSING_FIELD : ReasonCode.INVALID_AMOUNT, "UNITS '" + pos.value("UNITS") + "'");
        if ("SHORT".equalsIgnoreCase(OfxFileParser.nonBlank(pos.value("POSTYPE"))) && units.signum() > 0) units = units.negate();
        BigDecimal price = quantity(pos.value("UNITPRICE"));
        BigDecimal value = quantity(pos.value("MKTVAL"));
        String written = OfxFileParser.currencyOf(pos.child("CURRENCY"));
        String currency = written != null ? Currencies.normalise(written) : statement.currency();
        if (currency == null) return RowOutcome.reject(ReasonCode.UNKNOWN_CURRENCY, "CURRENCY '" + written + "'");
        Security security = securities.get(uniqueId);
        String id = security != null && security.ticker() != null ? security.ticker() : uniqueId;
        return RowOutcome.valid(new HoldingRecord(e.line(), statement.account().id(),
                OfxFileParser.date(asOfText).value(), id, security == null ? null : security.name(),
                units.setScale(QUANTITY_SCALE, RoundingMode.HALF_EVEN),
                price == null ? null : price.setScale(QUANTITY_SCALE, RoundingMode.HALF_EVEN),
                value == null ? null : value.setScale(2, RoundingMode.HALF_EVEN), currency));
    }

    private static RowOutcome balance(int line, String amountText, String dateText, String field,
                                      OfxFileParser.Statement statement, LocalDate ingestDate) {
        RowOutcome bad = checkDate(OfxFileParser.nonBlank(dateText), "DTASOF", ingestDate);
        if (bad != null) return bad;
        if (amountText == null || amountText.isBlank()) return RowOutcome.reject(ReasonCode.MISSING_AMOUNT, field);
        AmountParser.Result amount = OfxFileParser.amount(amountText);
        if (!amount.ok()) return RowOutcome.reject(amount.error(), field + " '" + amountText + "'");
        if (statement.currency() == null) {
            return RowOutcome.reject(ReasonCode.UNKNOWN_CURRENCY, "CURDEF '" + statement.currencyText() + "'");
        }
        return RowOutcome.valid(new BalanceRecord(line, statement.account().id(), OfxFileParser.date(dateText).value(),
                amount.value().setScale(2), statement.currency()));
    }

    /** Null when {@code text} is a readable OFX date within range, else the rejection naming {@code field}. */
    private static RowOutcome checkDate(String text, String field, LocalDate ingestDate) {
        if (text == null) return RowOutcome.reject(ReasonCode.MISSING_DATE, field);
        DateFormat.Result date = OfxFileParser.date(text);
        if (!date.ok()) return RowOutcome.reject(date.error(), field + " '" + text + "'");
        if (date.value().isBefore(RowContext.EARLIEST) || date.value().isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, date.value().toString());
        }
        return null;
    }

    private static Security security(OfxDocument.Element secId, Map<String, Security> securities) {
        String id = secId == null ? null : OfxFileParser.nonBlank(secId.value("UNIQUEID"));
        if (id == null) return null;
        return securities.getOrDefault(id, new Security(id, null));
    }

    /** Units, prices and values as OFX writes them: {@code +0000000000050.00000}, a comma decimal mark allowed. */
    static BigDecimal quantity(String text) {
        String t = OfxFileParser.nonBlank(text);
        if (t == null) return null;
        if (t.startsWith("+")) t = t.substring(1).strip();
        if (t.indexOf(',') >= 0 && t.indexOf('.') < 0) t = t.replace(',', '.');
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
