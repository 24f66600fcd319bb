package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates transaction rows: dates (a pending marker or an "as of" value date in the date cell read for what it
 * says), the signed amount (one column, with a direction column, or debit/credit columns; a fee column kept apart),
 * currency (row column, cell, header, file, account, home), account (row column or the file's), status, and the
 * description built from the counterparty and purpose columns.
 */
final class TransactionRows implements RowBuilder {
    /** A counterparty account as a column holds it: an IBAN or account number, letters and digits only. */
    private static final java.util.regex.Pattern COUNTERPARTY_ACCOUNT = java.util.regex.Pattern.compile("[A-Za-z0-9]{4,34}");

    /** Status values of a row not yet booked. */
    private static final Pattern PENDING = Pattern.compile(
            "(?i)pending|vorgemerkt|vormerkung|offen|in behandeling|in verwerking|en attente|en cours|pendiente"
                    + "|reserverat|reservert|reserveret|venter|odottaa|varaus|ausstehend|umsatz vorgemerkt"
                    + "|in sospeso|in attesa|pendente|uncleared|authori[sz]ed|reserviert|ausstehend|处理中|等待");
    /** Pending markers some banks append to the text instead of a status column. */
    private static final List<String> PENDING_SUFFIXES = List.of("reservert transaksjon", "reserverat belopp", "vorgemerkt");

    private static boolean pendingText(List<String> f, CsvLayout layout) {
        List<Integer> at = layout.roles().get("description");
        if (at == null) return false;
        for (int i : at) {
            if (i >= f.size()) continue;
            String s = f.get(i);
            int end = s.length();
            while (end > 0 && s.charAt(end - 1) == ' ') end--;
            if (end < 10) continue;
            char last = Character.toLowerCase(s.charAt(end - 1));
            if (last != 'n' && last != 't' && last != 'p') continue; // the suffixes end in n, t or p
            for (String suffix : PENDING_SUFFIXES) {
                if (end >= suffix.length() && s.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length())) return true;
            }
        }
        return false;
    }
    /** Status values of a row that moved no money at all. */
    private static final Pattern NOT_BOOKED = Pattern.compile(
            "(?i)declined|reverted|failed|cancell?ed|canceled|denied|rejected|abgelehnt|storniert|fehlgeschlagen"
                    + "|geweigerd|mislukt|annulé|annule|refusé|rechazad[oa]|cancelad[oa]|rifiutat[oa]|交易关闭|已关闭|失败");
    /** What a direction column writes for money out. */
    private static final Pattern OUT = Pattern.compile(
            "(?i)af|d|dr|db|debit|debet|débit|s|soll|out|uit|-|dbit|cargo|charge|withdrawal|lastschrift|belastung"
                    + "|ausgabe|支出|支|payment sent|sent");
    private static final Pattern IN = Pattern.compile(
            "(?i)bij|c|cr|credit|crédit|h|haben|in|\\+|crdt|abono|deposit|gutschrift|einnahme|收入|收|payment received|received");

    /** A brokerage action that spends cash. */
    private static final Pattern BUY = Pattern.compile("(?i)\\bbuy\\b|bought|\\bkauf|sparplan|\\bachat|\\bkoop\\b|aankoop|compra");

    /** What this file's layout has, looked up once per file rather than once per row. */
    private CsvLayout seen;
    private boolean hasStatus, hasSplit, hasAmount, pendingWhenEmpty, brokerage;

    private void learn(CsvLayout layout) {
        if (seen == layout) return;
        seen = layout;
        hasStatus = layout.has("status");
        hasSplit = layout.has("debit") || layout.has("credit");
        hasAmount = layout.has("amount");
        pendingWhenEmpty = layout.describe().details().containsKey("pending_when_empty");
        brokerage = layout.has("action") && !layout.has("direction");
    }

    private static boolean allBlank(List<String> f, CsvLayout layout, String role) {
        List<Integer> at = layout.roles().get(role);
        if (at == null) return true;
        for (int i : at) if (i < f.size() && !f.get(i).isBlank()) return false;
        return true;
    }

    @Override
    public RowOutcome build(List<String> f, int line, RowContext ctx) {
        CsvLayout layout = ctx.layout();
        learn(layout);
        String status = TransactionRecord.BOOKED;
        String statusCell = layout.field(f, "status").strip();
        if (!statusCell.isEmpty() && NOT_BOOKED.matcher(statusCell).find()) {
            return RowOutcome.reject(ReasonCode.NOT_BOOKED, "status '" + statusCell + "'");
        }
        if (!statusCell.isEmpty() && PENDING.matcher(statusCell).find()) status = TransactionRecord.PENDING;
        if (!hasStatus && pendingText(f, layout)) {
            status = TransactionRecord.PENDING; // DNB writes "Reservert transaksjon" into the text
        }
        String dateCell = layout.field(f, "date");
        String valueCell = layout.field(f, "value_date");
        if (!dateCell.isEmpty() && Character.isLetter(dateCell.strip().isEmpty() ? '0' : dateCell.strip().charAt(0))
                && PENDING.matcher(dateCell.strip()).matches()) {
            status = TransactionRecord.PENDING;
            dateCell = valueCell;
            valueCell = "";
        } else if (dateCell.isBlank() && !valueCell.isBlank()) {
            status = TransactionRecord.PENDING;
            dateCell = valueCell;
        } else if (pendingWhenEmpty && valueCell.isBlank()) {
            status = TransactionRecord.PENDING; // the posting date a booked row always has is still empty
        }
        DateFormat.Result date = ctx.date(dateCell);
        if (!date.ok() && status.equals(TransactionRecord.PENDING) && !layout.dates().parse(dateCell).ok()) {
            date = new DateFormat.Result(ctx.ingestDate(), null); // not booked yet and dated nowhere: pending as of today
            valueCell = "";
        }
        if (!date.ok()) return RowOutcome.reject(date.error(), "date '" + dateCell + "'");
        LocalDate valueDate = null;
        String asOf = DateStyle.asOf(dateCell);
        if (asOf != null) valueCell = asOf;
        if (!valueCell.isBlank() && !PENDING.matcher(valueCell.strip()).matches()) {
            DateFormat.Result vd = layout.dates().parse(valueCell);
            if (!vd.ok()) return RowOutcome.reject(vd.error(), "value date '" + valueCell + "'");
            valueDate = vd.value();
        }
        AmountParser.Result amount = amount(f, layout);
        if (!amount.ok()) return RowOutcome.reject(amount.error(), amountText(f, layout));
        boolean fromSplit = hasSplit && !(allBlank(f, layout, "debit") && allBlank(f, layout, "credit"));
        BigDecimal signed = layout.inverted() && !fromSplit ? amount.value().negate() : amount.value();
        if (brokerage && signed.signum() > 0
                && BUY.matcher(String.join(" ", layout.fields(f, "action"))).find()) {
            signed = signed.negate(); // a brokerage lists what a buy cost as a positive total
        }

        Holding holding = Holding.of(f, ctx, signed, amount.currency());
        if (!holding.ok()) return holding.rejection();
        String description = description(f, layout, signed);
        ReasonCode text = TextGuard.check(description);
        if (text != null) return RowOutcome.reject(text, "description");
        return RowOutcome.valid(new TransactionRecord(line, holding.account().id(), date.value(), valueDate,
                signed.setScale(2), shared(holding.currency()), shared(description), null, 0, status, null,
                bank(f, layout)));
    }

    /**
     * The counterparty's IBAN or account number (a column of them, spaces dropped) and the bank's transaction type
     * (a type column such as Buchungstext, Mutatiesoort, Code), when the file has them.
     */
    private static TransactionRecord.Bank bank(List<String> f, CsvLayout layout) {
        if (!layout.has(ColumnRoles.COUNTERPARTY_IBAN) && !layout.has("type")) return null;
        String account = layout.field(f, ColumnRoles.COUNTERPARTY_IBAN).replace(" ", "").strip();
        String type = layout.field(f, "type").strip();
        return TransactionRecord.Bank.of(COUNTERPARTY_ACCOUNT.matcher(account).matches() ? account : null,
                type.length() <= 60 ? type : null, null);
    }

    /**
     * The counterparty, then the purpose text, each distinct value once, joined with " / "; a brokerage's action and
     * symbol come first. With payer and payee columns the counterparty is the other side of the owner's money.
     */
    static String description(List<String> f, CsvLayout layout, BigDecimal signed) {
        List<String> parts = new ArrayList<>(4);
        add(parts, f, layout, "action");
        add(parts, f, layout, "symbol");
        add(parts, f, layout, "counterparty");
        String holder = layout.describe().details().get("holder");
        if (holder != null) {
            List<String> others = new ArrayList<>();
            for (String v : layout.fields(f, "payer")) if (!v.strip().equals(holder)) others.add(v);
            for (String v : layout.fields(f, "payee")) if (!v.strip().equals(holder)) others.add(v);
            add(parts, others);
        } else if (layout.has("payer") || layout.has("payee")) {
            List<String> first = signed.signum() < 0 ? layout.fields(f, "payee") : layout.fields(f, "payer");
            List<String> second = signed.signum() < 0 ? layout.fields(f, "payer") : layout.fields(f, "payee");
            int before = parts.size();
            add(parts, first);
            if (parts.size() == before && (!layout.has("payer") || !layout.has("payee"))) add(parts, second);
        }
        add(parts, f, layout, "description");
        if (parts.isEmpty()) add(parts, f, layout, "type");
        return parts.size() == 1 ? parts.get(0) : String.join(" / ", parts);
    }

    private static void add(List<String> parts, List<String> f, CsvLayout layout, String role) {
        List<Integer> at = layout.roles().get(role);
        if (at == null) return;
        for (int i : at) {
            if (i < f.size()) add(parts, f.get(i));
        }
    }

    private static void add(List<String> parts, List<String> values) {
        for (String v : values) add(parts, v);
    }

    /** Adds one cell's text: whitespace collapsed, Excel's leading text mark and ASN's single quotes dropped, once. */
    static void add(List<String> parts, String v) {
        String t = v.strip();
        if (needsCollapse(t)) t = t.replace('\u00A0', ' ').replace('\u3000', ' ').strip().replaceAll("\\s+", " ");
        if (t.length() > 1 && t.charAt(0) == '\'' && t.indexOf('\'', 1) < 0) t = t.substring(1);
        if (t.length() > 1 && t.charAt(0) == '\'' && t.charAt(t.length() - 1) == '\'') t = t.substring(1, t.length() - 1).strip();
        if (t.isEmpty() || t.equals("/") || t.equals("-") || t.equals("--")) return;
        for (String p : parts) if (p.equalsIgnoreCase(t)) return;
        parts.add(t);
    }

    private static boolean needsCollapse(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\u00A0' || c == '\u3000' || c == '\t' || c == '\n' || c == '\r'
                    || c == ' ' && i + 1 < t.length() && t.charAt(i + 1) == ' ') {
                return true;
            }
        }
        return false;
    }

    /**
     * One instance per distinct text within a file: exports repeat the same few hundred descriptions, and the
     * parsed file stays in memory until curate has read it.
     */
    private final Map<String, String> texts = new HashMap<>();

    private String shared(String text) {
        String known = texts.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    /** Numbers identical rows 1, 2, ... in file order, so genuine repeats survive de-duplication. */
    @Override
    public List<RowOutcome> finish(List<LakeRecord> records) {
        return numberRepeats(records);
    }

    static List<RowOutcome> numberRepeats(List<LakeRecord> records) {
        Map<TransactionRecord, Integer> seen = new HashMap<>();
        List<RowOutcome> out = new ArrayList<>(records.size());
        for (LakeRecord r : records) {
            TransactionRecord t = (TransactionRecord) r;
            TransactionRecord key = new TransactionRecord(0, t.accountId(), t.bookingDate(), null, t.amount(),
                    t.currency(), t.description(), t.reference(), 0, t.status());
            out.add(RowOutcome.valid(t.withOccurrence(seen.merge(key, 1, Integer::sum))));
        }
        return out;
    }

    /** The signed amount and the currency written with it (cell or the column's header). */
    private static AmountParser.Result amount(List<String> f, CsvLayout layout) {
        if (!layout.has("amount") && layout.has("amount_out") && layout.has("amount_in")) {
            String d = layout.field(f, "direction").strip();
            boolean out = !IN.matcher(d).matches();
            AmountParser.Result r = AmountParser.parse(layout.field(f, out ? "amount_out" : "amount_in"), layout.numbers());
            if (!r.ok()) return r;
            String currency = Currencies.normalise(layout.field(f, out ? "currency_out" : "currency_in"));
            return new AmountParser.Result(out ? r.value().abs().negate() : r.value().abs(), null,
                    currency != null ? currency : r.currency());
        }
        boolean split = layout.has("debit") || layout.has("credit");
        if (layout.has("amount") && (!split || allBlank(f, layout, "debit") && allBlank(f, layout, "credit"))) { // debit/credit columns win: an "amount" beside them may be foreign
            List<Integer> columns = layout.roles().get("amount");
            for (int c : columns) {
                String cell = c < f.size() ? f.get(c) : "";
                if (cell.isBlank() && columns.size() > 1) continue;
                AmountParser.Result r = AmountParser.parse(cell, layout.numbers());
                if (!r.ok()) return r;
                BigDecimal v = r.value();
                if (layout.has("direction")) {
                    String d = layout.field(f, "direction").strip();
                    if (OUT.matcher(d).matches()) v = v.abs().negate();
                    else if (IN.matcher(d).matches()) v = v.abs();
                }
                return new AmountParser.Result(v, null, r.currency() != null ? r.currency() : layout.columnCurrency().get(c));
            }
            return new AmountParser.Result(null, ReasonCode.MISSING_AMOUNT);
        }
        String debitText = layout.field(f, "debit"), creditText = layout.field(f, "credit");
        boolean hasDebit = !isBlankOrZero(debitText), hasCredit = !isBlankOrZero(creditText);
        if (hasDebit && hasCredit) return new AmountParser.Result(null, ReasonCode.BOTH_DEBIT_AND_CREDIT);
        if (!hasDebit && !hasCredit) {
            return debitText.isBlank() && creditText.isBlank()
                    ? new AmountParser.Result(null, ReasonCode.MISSING_AMOUNT)
                    : new AmountParser.Result(BigDecimal.ZERO, null);
        }
        AmountParser.Result r = AmountParser.parse(hasDebit ? debitText : creditText, layout.numbers());
        if (!r.ok()) return r;
        String currency = r.currency() != null ? r.currency()
                : layout.columnCurrency().get(layout.index(hasDebit ? "debit" : "credit"));
        return new AmountParser.Result(hasDebit ? r.value().abs().negate() : r.value().abs(), null, currency);
    }

    private static boolean isBlankOrZero(String s) {
        String t = s.trim();
        return t.isEmpty() || t.replaceAll("[^0-9.,+\\-]", "").matches("[-+]?0+([.,]0+)?");
    }

    private static String amountText(List<String> f, CsvLayout layout) {
        return layout.has("amount") ? "amount '" + String.join("' '", layout.fields(f, "amount")) + "'"
                : "debit '" + layout.field(f, "debit") + "' credit '" + layout.field(f, "credit") + "'";
    }
}
