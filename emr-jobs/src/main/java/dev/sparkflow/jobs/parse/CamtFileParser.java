package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ISO 20022 bank-to-customer statements: CAMT.053 (and the .052 report and .054 notification, which carry
 * entries the same way), versions 001.02 to 001.08, with StAX — iterative, no DTD, no external entities. Each
 * {@code Ntry} is one row on the line it opens: amount and currency, credit/debit, status (BOOK booked, PDNG pending,
 * INFO no money moved), booking and value date, the counterparty (creditor for money out, debtor for money in) and the
 * remittance text; the account is the statement's IBAN. Every other line is markup.
 */
final class CamtFileParser {
    private static final XMLInputFactory XML = factory();

    private CamtFileParser() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /** Whether the text is a CAMT statement, report or notification. */
    static boolean looksLikeCamt(DecodedText text) {
        StringBuilder head = new StringBuilder();
        for (DecodedText.Line line : text.lines()) {
            head.append(line.text()).append('\n');
            if (head.length() > 4096) break;
        }
        String h = head.toString();
        return h.contains("<BkToCstmrStmt") || h.contains("<BkToCstmrAcctRpt") || h.contains("<BkToCstmrDbtCdtNtfctn")
                || h.contains(":camt.05");
    }

    /** One entry as read: its opening line and the values that matter. */
    private static final class Entry {
        int line;
        String amount = "", currency = "", mark = "", status = "", booking = "", value = "";
        String creditor = "", debtor = "", account = "";
        final StringBuilder remittance = new StringBuilder(), info = new StringBuilder(), raw = new StringBuilder();
    }

    static ParsedFile parse(FileInput input, DecodedText text, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        StringBuilder document = new StringBuilder();
        for (DecodedText.Line line : text.lines()) document.append(line.text()).append('\n');
        Tally tally = new Tally(input);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> details = new LinkedHashMap<>();
        try {
            read(document.toString(), entries, details);
        } catch (XMLStreamException | RuntimeException e) {
            for (DecodedText.Line line : text.lines()) tally.skip(line.isBlank() ? "blank" : FileReport.SKIPPED_REJECTED_FILE);
            return tally.build(ReasonCode.INVALID_XML, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse(""), text.encoding(), text.bom(),
                    new FileReport.Layout("camt", null, details), null, text.lines().size());
        }
        List<LakeRecord> valid = new ArrayList<>();
        for (Entry e : entries) {
            tally.read();
            Accounts.Account account = folderAccount != null ? folderAccount : account(e.account, accounts, input);
            RowOutcome o = row(e, account, accounts, ingestDate);
            if (o.ok()) valid.add(o.record());
            else tally.reject(e.line, e.raw.toString().strip(), o.reason(), o.detail());
        }
        TransactionRows.numberRepeats(valid).forEach(o -> tally.valid(o.record()));
        int startLines = (int) entries.stream().mapToInt(e -> e.line).distinct().count();
        int linesTotal = text.lines().size() + entries.size() - startLines;
        int blank = (int) text.lines().stream().filter(DecodedText.Line::isBlank).count();
        tally.skip("blank", blank);
        tally.skip(FileReport.SKIPPED_MARKUP, linesTotal - entries.size() - blank);
        String accountId = entries.stream().map(e -> e.account).distinct().count() == 1 && !entries.isEmpty()
                ? account(entries.get(0).account, accounts, input).id() : null;
        return tally.build(entries.isEmpty() ? ReasonCode.HEADER_ONLY : null, null, text.encoding(), text.bom(),
                new FileReport.Layout("camt", details.getOrDefault("message", "camt"), details), accountId, linesTotal);
    }

    /** Walks the document once, keeping the path of element names (a stack, never recursion). */
    private static void read(String document, List<Entry> entries, Map<String, String> details) throws XMLStreamException {
        XMLStreamReader r = XML.createXMLStreamReader(new StringReader(document));
        Deque<String> path = new ArrayDeque<>();
        String statementAccount = "";
        Entry entry = null;
        int txDetails = 0;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (path.isEmpty()) {
                        String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                        details.put("message", ns.contains("camt.") ? ns.substring(ns.indexOf("camt.")) : name);
                    }
                    path.push(name);
                    if (name.equals("Stmt") || name.equals("Rpt") || name.equals("Ntfctn")) statementAccount = "";
                    if (name.equals("Ntry")) {
                        entry = new Entry();
                        entry.line = r.getLocation().getLineNumber();
                        entry.account = statementAccount;
                        txDetails = 0;
                    }
                    if (name.equals("TxDtls")) txDetails++;
                    if (name.equals("Amt") && entry != null && parent(path).equals("Ntry")) {
                        String ccy = r.getAttributeValue(null, "Ccy");
                        entry.currency = ccy == null ? "" : ccy;
                    }
                } else if (event == XMLStreamConstants.CHARACTERS && !r.isWhiteSpace() && !path.isEmpty()) {
                    String value = r.getText().strip();
                    String name = path.peek(), parent = parent(path);
                    if (entry == null) {
                        if ((name.equals("IBAN") || name.equals("Id") && parent.equals("Othr")) && path.contains("Acct")
                                && statementAccount.isEmpty()) {
                            statementAccount = value;
                        }
                        continue;
                    }
                    if (entry.raw.length() < 2000) entry.raw.append(name).append('=').append(value).append(' ');
                    boolean first = txDetails <= 1;
                    switch (name) {
                        case "Amt" -> { if (parent.equals("Ntry")) entry.amount += value; }
                        case "CdtDbtInd" -> { if (parent.equals("Ntry")) entry.mark = value; }
                        case "Sts", "Cd" -> { if (name.equals("Sts") || parent.equals("Sts")) entry.status = value; }
                        case "Dt", "DtTm" -> {
                            if (parent.equals("BookgDt") && entry.booking.isEmpty()) entry.booking = value;
                            if (parent.equals("ValDt") && entry.value.isEmpty()) entry.value = value;
                        }
                        case "Nm" -> {
                            if (first && path.contains("Cdtr") && entry.creditor.isEmpty()) entry.creditor = value;
                            if (first && path.contains("Dbtr") && entry.debtor.isEmpty()) entry.debtor = value;
                        }
                        case "Ustrd" -> { if (first) entry.remittance.append(entry.remittance.length() > 0 ? " " : "").append(value); }
                        case "AddtlNtryInf" -> entry.info.append(value);
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = path.pop();
                    if (name.equals("Ntry") && entry != null) {
                        entries.add(entry);
                        entry = null;
                    }
                }
            }
        } finally {
            r.close();
        }
        details.put("entries", String.valueOf(entries.size()));
    }

    private static String parent(Deque<String> path) {
        var it = path.iterator();
        it.next();
        return it.hasNext() ? it.next() : "";
    }

    private static Accounts.Account account(String iban, Accounts accounts, FileInput input) {
        if (!iban.isEmpty()) {
            Accounts.Account configured = accounts.findExact(iban).orElse(null);
            if (configured != null) return configured;
            return InferredAccounts.account(AccountClues.fromValue(iban, "account"));
        }
        return InferredAccounts.named(input.sourceFile().substring(input.sourceFile().lastIndexOf('/') + 1).replaceFirst("\\.[^.]*$", ""));
    }

    private static RowOutcome row(Entry e, Accounts.Account account, Accounts accounts, LocalDate ingestDate) {
        String status = TransactionRecord.BOOKED;
        String sts = e.status.toUpperCase(Locale.ROOT);
        if (sts.equals("PDNG")) status = TransactionRecord.PENDING;
        else if (sts.equals("INFO")) return RowOutcome.reject(ReasonCode.NOT_BOOKED, "Sts INFO");
        String dateText = !e.booking.isEmpty() ? e.booking : e.value;
        if (dateText.isEmpty()) return RowOutcome.reject(ReasonCode.MISSING_DATE, "BookgDt");
        DateFormat.Result date = ISO.parse(dateText.length() >= 10 ? dateText.substring(0, 10) : dateText);
        if (!date.ok()) return RowOutcome.reject(date.error(), "BookgDt '" + dateText + "'");
        if (date.value().isBefore(RowContext.EARLIEST) || date.value().isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, date.value().toString());
        }
        if (e.amount.isEmpty()) return RowOutcome.reject(ReasonCode.MISSING_AMOUNT, "Amt");
        AmountParser.Result amount = AmountParser.parse(e.amount, NumberStyle.POINT);
        if (!amount.ok()) return RowOutcome.reject(amount.error(), "Amt '" + e.amount + "'");
        boolean out = e.mark.equalsIgnoreCase("DBIT");
        if (!out && !e.mark.equalsIgnoreCase("CRDT")) return RowOutcome.reject(ReasonCode.MISSING_FIELD, "CdtDbtInd '" + e.mark + "'");
        BigDecimal signed = out ? amount.value().abs().negate() : amount.value().abs();
        String currency = Currencies.normalise(e.currency);
        if (currency == null) return RowOutcome.reject(ReasonCode.UNKNOWN_CURRENCY, "Ccy '" + e.currency + "'");
        RowOutcome mismatch = Holding.check(account, currency, signed);
        if (mismatch != null) return mismatch;
        List<String> parts = new ArrayList<>();
        TransactionRows.add(parts, out ? e.creditor : e.debtor);
        TransactionRows.add(parts, e.remittance.length() > 0 ? e.remittance.toString() : e.info.toString());
        String description = String.join(" / ", parts);
        ReasonCode text = TextGuard.check(description);
        if (text != null) return RowOutcome.reject(text, "Nm/Ustrd");
        LocalDate valueDate = null;
        if (!e.value.isEmpty()) {
            DateFormat.Result v = ISO.parse(e.value.length() >= 10 ? e.value.substring(0, 10) : e.value);
            if (v.ok() && !v.value().equals(date.value())) valueDate = v.value();
        }
        return RowOutcome.valid(new TransactionRecord(e.line, account.id(), date.value(), valueDate, signed.setScale(2),
                currency, description, null, 0, status));
    }

    private static final DateFormat ISO = new DateFormat("yyyy-MM-dd");

}
