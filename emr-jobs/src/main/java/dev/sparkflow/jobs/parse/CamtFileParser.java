package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.BalanceRecord;
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
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads ISO 20022 bank-to-customer cash reports: the CAMT.053 statement, the .052 (intraday) account report and the
 * .054 debit/credit notification, told apart by the document's namespace and message element, versions 001.02 to
 * 001.08 and later (StAX: iterative, no DTD, no external entities, nesting capped). Several statements (accounts) in
 * one document are read each with its own account (its IBAN, else its other id) and currency.
 * <p>
 * Each {@code Ntry} is a row on the line it opens: amount signed by CdtDbtInd (a reversal keeps that sign), currency,
 * status (BOOK booked; PDNG and FUTR pending; INFO and RJCT moved no money), booking and value date, the
 * counterparty (creditor for money out, debtor for money in, the ultimate party first; a reversal names the parties
 * of the booking it takes back) and the remittance text (unstructured, else the structured additional text, else the
 * detail's or the entry's additional information; never the bank transaction code). A batch booking
 * whose details each carry an amount in the entry's currency, summing to the entry, becomes one row per
 * {@code TxDtls} on the line that detail opens. The row's reference is the bank's own (AcctSvcrRef), else the
 * end-to-end id, unique within the file. Faulty entries are quarantined one by one; a document of another kind
 * (a pain.001 payment order, an unknown namespace) is rejected whole. Lines inside a {@code Bal} are balance lines,
 * every other line that opens no row is markup.
 */
final class CamtFileParser {
    /** No CAMT element nests this deep (a remittance's tax record is about 15 levels down). */
    static final int MAX_DEPTH = 64;
    /** Longer element text is cut: no field of a statement is this long, and the guard rejects long text anyway. */
    private static final int MAX_TEXT = 4000;
    /** Of an entry's values, this much is kept as the raw text of a quarantined row. */
    private static final int MAX_RAW = 2000;
    private static final String ISO_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:";
    /** Each message element with the element of one account's report inside it. */
    private static final Map<String, String> REPORT_ELEMENT = Map.of("BkToCstmrStmt", "Stmt",
            "BkToCstmrAcctRpt", "Rpt", "BkToCstmrDbtCdtNtfctn", "Ntfctn");
    private static final Map<String, String> MESSAGE_NAME = Map.of("BkToCstmrStmt", "camt.053",
            "BkToCstmrAcctRpt", "camt.052", "BkToCstmrDbtCdtNtfctn", "camt.054");
    /** ISO 20022 messages people confuse with statements, by what they are. */
    private static final Map<String, String> OTHER_MESSAGES = Map.of(
            "pain.001", "a credit transfer order (payment initiation)",
            "pain.002", "a payment status report",
            "pain.008", "a direct debit collection order",
            "camt.029", "a resolution of investigation",
            "camt.056", "a payment cancellation request",
            "camt.086", "a bank services billing statement",
            "pacs.002", "an interbank payment status report",
            "pacs.008", "an interbank credit transfer");
    /** The balances a statement's reader hands on: opening, previous closing, closing booked, closing available. */
    static final Set<String> BALANCE_TYPES = Set.of("OPBD", "PRCD", "CLBD", "CLAV");
    /** What payers write for "no end-to-end id" (and banks for "no reference"). */
    private static final Set<String> NO_REFERENCE = Set.of("NOTPROVIDED", "NONREF", "NONE", "NA", "N/A");
    private static final Set<String> PARTIES = Set.of("Cdtr", "Dbtr", "UltmtCdtr", "UltmtDbtr");
    private static final DateFormat ISO = new DateFormat("yyyy-MM-dd");
    private static final XMLInputFactory XML = factory();

    private CamtFileParser() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /**
     * Whether the text is for this reader: a CAMT statement, report or notification, or another ISO 20022 document
     * (which it rejects, naming it), or an XML {@code Document} of an unknown namespace.
     */
    static boolean looksLikeCamt(DecodedText text) {
        String h = head(text);
        return h.contains("BkToCstmr") || h.contains(":camt.05") || h.contains(ISO_NAMESPACE)
                || "Document".equals(rootName(h));
    }

    private static String head(DecodedText text) {
        StringBuilder head = new StringBuilder();
        for (DecodedText.Line line : text.lines()) {
            head.append(line.text()).append('\n');
            if (head.length() > 4096) break;
        }
        return head.toString();
    }

    /** The local name of the first element of an XML text's head, or null when it has none. */
    static String rootName(String head) {
        int i = 0;
        while (i < head.length()) {
            int lt = head.indexOf('<', i);
            if (lt < 0 || lt + 1 >= head.length()) return null;
            char next = head.charAt(lt + 1);
            if (next == '?' || next == '!') {
                String close = head.startsWith("<!--", lt) ? "-->" : next == '?' ? "?>" : ">";
                int end = head.indexOf(close, lt + 2);
                if (end < 0) return null;
                i = end + close.length();
                continue;
            }
            if (!head.substring(i, lt).isBlank()) return null; // text before the first element: not XML
            int end = lt + 1;
            while (end < head.length() && !Character.isWhitespace(head.charAt(end)) && head.charAt(end) != '>'
                    && head.charAt(end) != '/') {
                end++;
            }
            String name = head.substring(lt + 1, end);
            return name.substring(name.indexOf(':') + 1);
        }
        return null;
    }

    // ------------------------------------------------------------------ the document as read

    /** One account's report (Stmt, Rpt or Ntfctn): its account and currency. */
    private static final class Statement {
        String account = "", currency = "";
    }

    /** One Bal element. */
    private static final class Balance {
        final int line;
        final Statement statement;
        String type = "", amount = "", currency = "", mark = "", date = "";

        Balance(int line, Statement statement) {
            this.line = line;
            this.statement = statement;
        }
    }

    /** A BkTxCd: the ISO domain, family and sub-family codes, or the bank's proprietary code. */
    static final class TransactionCode {
        String domain = "", family = "", subFamily = "", proprietary = "";

        /** The ISO code {@code PMNT-ICDT-ESCT}, or null when the bank gave none. */
        String iso() {
            if (domain.isEmpty()) return null;
            return String.join("-", java.util.stream.Stream.of(domain, family, subFamily).filter(c -> !c.isEmpty()).toList());
        }

        /** The bank's proprietary code ({@code NTRF+166+9248}), or null. */
        String proprietary() {
            return proprietary.isEmpty() ? null : proprietary;
        }

        /** Reads one BkTxCd value; true when it was one. */
        boolean read(String name, String value, String p0, String p1) {
            if (name.equals("Cd") && p0.equals("Domn") && p1.equals("BkTxCd")) domain = value;
            else if (name.equals("Cd") && p0.equals("Fmly") && p1.equals("Domn")) family = value;
            else if (name.equals("SubFmlyCd") && p0.equals("Fmly")) subFamily = value;
            else if (name.equals("Cd") && p0.equals("Prtry") && p1.equals("BkTxCd")) proprietary = value;
            else return false;
            return true;
        }
    }

    /** One TxDtls: its amounts (each with its currency), references, parties and texts. */
    static final class Detail {
        int line;
        String amount = "", amountCurrency = "", txAmount = "", txAmountCurrency = "", counterValue = "",
                counterValueCurrency = "", instructed = "", instructedCurrency = "", mark = "", endToEnd = "",
                servicerRef = "";
        String creditor = "", debtor = "", ultimateCreditor = "", ultimateDebtor = "", creditorIban = "", debtorIban = "";
        final TransactionCode code = new TransactionCode();
        final StringBuilder unstructured = new StringBuilder(), structured = new StringBuilder(),
                info = new StringBuilder(), raw = new StringBuilder();
    }

    /** One Ntry as read: its opening line, its values and its details. */
    static final class Entry {
        int line;
        Statement statement = new Statement();
        String amount = "", currency = "", mark = "", status = "", booking = "", value = "", servicerRef = "";
        final TransactionCode code = new TransactionCode();
        /** RvslInd: the entry takes back an earlier one, whose parties it names in their original roles. */
        boolean reversal;
        final StringBuilder info = new StringBuilder(), raw = new StringBuilder();
        final List<Detail> details = new ArrayList<>();

        /** The entry's currency: its amount's, else its statement's. */
        String currency() {
            return !currency.isEmpty() ? currency : statement.currency;
        }
    }

    /** What a read found: the message, the entries and balances, the lines balances cover; or why it was refused. */
    private static final class Document {
        String message = "", namespace = "", report;
        int statements;
        ReasonCode refusal;
        String refusalDetail;
        final List<Entry> entries = new ArrayList<>();
        final List<Balance> balances = new ArrayList<>();
        final BitSet balanceLines = new BitSet();

        void refuse(ReasonCode reason, String detail) {
            refusal = reason;
            refusalDetail = detail;
        }

        Map<String, String> details() {
            Map<String, String> d = new LinkedHashMap<>();
            if (!message.isEmpty()) d.put("message", message);
            d.put("statements", String.valueOf(statements));
            d.put("entries", String.valueOf(entries.size()));
            return d;
        }
    }

    // ------------------------------------------------------------------ reading a file

    static ParsedFile parse(FileInput input, DecodedText text, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        Tally tally = new Tally(input);
        Document doc;
        try {
            doc = read(document(text));
        } catch (XMLStreamException | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            return rejectAll(tally, text, ReasonCode.INVALID_XML, detail, Map.of());
        }
        if (doc.refusal != null) return rejectAll(tally, text, doc.refusal, doc.refusalDetail, doc.details());

        Map<Statement, Accounts.Account> accountOf = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Entry e : doc.entries) {
            Accounts.Account account = accountOf.computeIfAbsent(e.statement,
                    s -> folderAccount != null ? folderAccount : account(s.account, accounts, input));
            rows.addAll(rows(e, account, ingestDate));
        }
        List<LakeRecord> valid = new ArrayList<>();
        BitSet rowLines = new BitSet();
        for (Row row : uniqueReferences(rows)) {
            tally.read();
            rowLines.set(row.line());
            if (row.outcome().ok()) valid.add(row.outcome().record());
            else tally.reject(row.line(), row.raw(), row.outcome().reason(), row.outcome().detail());
        }
        TransactionRows.numberRepeats(valid).forEach(o -> tally.valid(o.record()));
        // The closing booked balance of each statement is a row of the balances dataset; the others stay balance lines.
        int balanceRows = 0;
        for (StatementBalance b : balances(doc, accounts, folderAccount, input)) {
            if (!b.type().equals("CLBD") || b.date().isBefore(RowContext.EARLIEST) || b.date().isAfter(ingestDate)) continue;
            tally.read();
            tally.valid(new BalanceRecord(b.line(), b.accountId(), b.date(), b.amount().setScale(2), b.currency()));
            rowLines.set(b.line());
            balanceRows++;
        }
        for (DecodedText.Line line : text.lines()) {
            if (rowLines.get(line.number())) continue;
            String kind = doc.balanceLines.get(line.number()) ? "balance" : line.isBlank() ? "blank" : FileReport.SKIPPED_MARKUP;
            tally.skip(kind);
        }
        // a line on which several rows open counts once per row, so the lines add up for a one-line document too
        int linesTotal = text.lines().size() + rows.size() + balanceRows - rowLines.cardinality();
        List<String> ids = accountOf.values().stream().map(Accounts.Account::id).distinct().toList();
        return tally.build(doc.entries.isEmpty() ? ReasonCode.HEADER_ONLY : null, null, text.encoding(), text.bom(),
                new FileReport.Layout("camt", doc.message.isEmpty() ? "camt" : doc.message, doc.details()),
                ids.size() == 1 ? ids.get(0) : null, linesTotal);
    }

    /**
     * The balances the document's statements state (OPBD, PRCD, CLBD, CLAV), each on the line its {@code Bal} opens,
     * signed by its CdtDbtInd, for the account its statement names; a balance that cannot be read is left out, and a
     * document that cannot be read has none.
     */
    static List<StatementBalance> balances(FileInput input, DecodedText text, Accounts accounts,
                                           Accounts.Account folderAccount) {
        Document doc;
        try {
            doc = read(document(text));
        } catch (XMLStreamException | RuntimeException e) {
            return List.of();
        }
        if (doc.refusal != null) return List.of();
        return balances(doc, accounts, folderAccount, input);
    }

    private static List<StatementBalance> balances(Document doc, Accounts accounts, Accounts.Account folderAccount,
                                                   FileInput input) {
        List<StatementBalance> out = new ArrayList<>();
        for (Balance b : doc.balances) {
            String type = b.type.toUpperCase(Locale.ROOT);
            DateFormat.Result date = ISO.parse(day(b.date));
            AmountParser.Result amount = AmountParser.parse(b.amount, NumberStyle.POINT);
            String currency = Currencies.normalise(!b.currency.isEmpty() ? b.currency : b.statement.currency);
            Boolean debit = moneyOut(b.mark);
            if (!BALANCE_TYPES.contains(type) || !date.ok() || !amount.ok() || currency == null || debit == null) continue;
            BigDecimal signed = debit ? amount.value().abs().negate() : amount.value().abs();
            String accountId = (folderAccount != null ? folderAccount : account(b.statement.account, accounts, input)).id();
            out.add(new StatementBalance(b.line, accountId, date.value(), signed, currency, type));
        }
        return out;
    }

    /** Every line of a document that cannot be read is skipped as part of a rejected file. */
    private static ParsedFile rejectAll(Tally tally, DecodedText text, ReasonCode reason, String detail,
                                        Map<String, String> details) {
        for (DecodedText.Line line : text.lines()) tally.skip(line.isBlank() ? "blank" : FileReport.SKIPPED_REJECTED_FILE);
        return tally.build(reason, detail, text.encoding(), text.bom(),
                new FileReport.Layout("camt", details.getOrDefault("message", null), details), null, text.lines().size());
    }

    /**
     * The text as one document, line for line. An XML declaration after leading blank lines (which XML forbids) is
     * blanked out in place, so the lines keep their numbers.
     */
    static String document(DecodedText text) {
        StringBuilder document = new StringBuilder();
        for (DecodedText.Line line : text.lines()) document.append(line.text()).append('\n');
        int start = 0;
        while (start < document.length() && Character.isWhitespace(document.charAt(start))) start++;
        if (start > 0 && document.indexOf("<?xml", start) == start) {
            int end = document.indexOf("?>", start);
            if (end > 0) {
                for (int i = start; i < end + 2; i++) if (document.charAt(i) != '\n') document.setCharAt(i, ' ');
            }
        }
        return document.toString();
    }

    // ------------------------------------------------------------------ the StAX walk

    /** Walks the document once, keeping the path of element names (a stack, never recursion). */
    private static Document read(String xml) throws XMLStreamException {
        Document doc = new Document();
        XMLStreamReader r = XML.createXMLStreamReader(new StringReader(xml));
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        Statement statement = null;
        Balance balance = null;
        Entry entry = null;
        Detail detail = null;
        String party = null, currency = "";
        int statementDepth = 0, balanceDepth = 0, entryDepth = 0, detailDepth = 0, partyDepth = 0;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    int line = r.getLocation().getLineNumber();
                    if (path.size() >= MAX_DEPTH) {
                        doc.refuse(ReasonCode.NESTING_TOO_DEEP, "elements nest more than " + MAX_DEPTH + " deep at line " + line);
                        return doc;
                    }
                    if (path.size() <= 1 && doc.report == null && !identify(doc, path.size(), name, r.getNamespaceURI())) {
                        return doc;
                    }
                    String parent = path.isEmpty() ? "" : path.peek();
                    path.push(name);
                    text.setLength(0);
                    int depth = path.size();
                    if (name.equals(doc.report) && REPORT_ELEMENT.containsKey(parent)) {
                        statement = new Statement();
                        statementDepth = depth;
                        doc.statements++;
                    } else if (name.equals("Bal") && statement != null && entry == null && balance == null) {
                        balance = new Balance(line, statement);
                        balanceDepth = depth;
                    } else if (name.equals("Ntry") && entry == null) {
                        entry = new Entry(); // outside a statement (a broken document) it has no account of its own
                        entry.line = line;
                        if (statement != null) entry.statement = statement;
                        entryDepth = depth;
                    } else if (name.equals("TxDtls") && entry != null && detail == null) {
                        detail = new Detail();
                        detail.line = line;
                        entry.details.add(detail);
                        detailDepth = depth;
                    } else if (PARTIES.contains(name) && detail != null && party == null && parent.equals("RltdPties")) {
                        party = name;
                        partyDepth = depth;
                    } else if (name.equals("Amt")) {
                        String ccy = r.getAttributeValue(null, "Ccy");
                        currency = ccy == null ? "" : ccy.strip();
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    if (text.length() < MAX_TEXT) text.append(r.getText(), 0, Math.min(r.getTextLength(), MAX_TEXT - text.length()));
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    int depth = path.size();
                    String name = path.pop();
                    String value = text.toString().strip();
                    text.setLength(0);
                    String p0 = ancestor(path, 0), p1 = ancestor(path, 1);
                    if (entry != null) {
                        if (!value.isEmpty()) raw(entry.raw, name, value);
                        if (detail != null) {
                            if (!value.isEmpty()) raw(detail.raw, name, value);
                            detailValue(detail, party, name, value, currency, p0, p1);
                        } else {
                            entryValue(entry, name, value, currency, p0, p1);
                        }
                    } else if (balance != null) {
                        balanceValue(balance, name, value, currency, p0, p1);
                    } else if (statement != null) {
                        statementValue(statement, doc.report, name, value, p0, p1, ancestor(path, 2));
                    }
                    if (party != null && depth == partyDepth) {
                        party = null;
                    } else if (detail != null && depth == detailDepth) {
                        detail = null;
                    } else if (entry != null && depth == entryDepth) {
                        doc.entries.add(entry);
                        entry = null;
                    } else if (balance != null && depth == balanceDepth) {
                        doc.balances.add(balance);
                        doc.balanceLines.set(balance.line, r.getLocation().getLineNumber() + 1);
                        balance = null;
                    } else if (statement != null && depth == statementDepth) {
                        statement = null;
                    }
                }
            }
        } finally {
            r.close();
        }
        return doc;
    }

    /**
     * Names the message from the root element's namespace and the message element: true to read on, false when the
     * document is refused as another kind of document. An ISO 20022 namespace names the message; under any other
     * namespace (or none) the element under {@code Document} decides.
     */
    private static boolean identify(Document doc, int depth, String name, String namespace) {
        String ns = namespace == null ? "" : namespace;
        if (depth == 0) doc.namespace = ns;
        if (doc.message.isEmpty()) doc.message = messageIn(ns);
        if (REPORT_ELEMENT.containsKey(name)) {
            doc.report = REPORT_ELEMENT.get(name);
            if (doc.message.isEmpty()) doc.message = MESSAGE_NAME.get(name);
            return true;
        }
        String kind = doc.message.length() >= 8 ? doc.message.substring(0, 8) : doc.message;
        String of = doc.namespace.isEmpty() ? "" : " of namespace " + doc.namespace;
        if (depth == 0 && ns.startsWith(ISO_NAMESPACE) && !MESSAGE_NAME.containsValue(kind)) {
            String what = OTHER_MESSAGES.get(kind);
            doc.refuse(ReasonCode.NOT_A_STATEMENT, doc.message + ": " + (what != null ? what
                    : "an ISO 20022 message that is not a CAMT.052/053/054 statement, report or notification"));
        } else if (depth == 0 && !name.equals("Document")) {
            doc.refuse(ReasonCode.NOT_A_STATEMENT, "an XML " + name + " document" + of
                    + ", not a CAMT statement, report or notification");
        } else if (depth > 0) {
            doc.refuse(ReasonCode.NOT_A_STATEMENT, "a Document" + of + " holding " + name
                    + ", not a CAMT statement (BkToCstmrStmt), report or notification");
        }
        return doc.refusal == null;
    }

    /**
     * The message a namespace names: what follows the ISO 20022 prefix, or a {@code camt.05x...} version written in
     * another namespace (a bank's own schema location); "" when it names none.
     */
    static String messageIn(String namespace) {
        if (namespace.startsWith(ISO_NAMESPACE)) return namespace.substring(ISO_NAMESPACE.length());
        int at = namespace.indexOf("camt.05");
        if (at < 0) return "";
        int end = at;
        while (end < namespace.length()
                && (Character.isLetterOrDigit(namespace.charAt(end)) || namespace.charAt(end) == '.')) {
            end++;
        }
        String message = namespace.substring(at, end);
        return message.endsWith(".xsd") ? message.substring(0, message.length() - 4) : message;
    }

    private static void raw(StringBuilder raw, String name, String value) {
        if (raw.length() < MAX_RAW) raw.append(raw.isEmpty() ? "" : " ").append(name).append('=').append(value);
    }

    /** The element {@code k} levels above the current one's parent (0 = the parent), or "". */
    private static String ancestor(Deque<String> path, int k) {
        Iterator<String> it = path.iterator();
        for (int i = 0; i < k && it.hasNext(); i++) it.next();
        return it.hasNext() ? it.next() : "";
    }

    private static void statementValue(Statement s, String report, String name, String value, String p0, String p1,
                                       String p2) {
        if (value.isEmpty()) return;
        if (name.equals("IBAN") && p0.equals("Id") && p1.equals("Acct") && p2.equals(report) && s.account.isEmpty()) {
            s.account = value;
        } else if (name.equals("Id") && p0.equals("Othr") && p1.equals("Id") && p2.equals("Acct") && s.account.isEmpty()) {
            s.account = value;
        } else if (name.equals("Ccy") && p0.equals("Acct") && p1.equals(report)) {
            s.currency = value;
        }
    }

    private static void balanceValue(Balance b, String name, String value, String currency, String p0, String p1) {
        switch (name) {
            case "Cd" -> { if (p0.equals("CdOrPrtry") && p1.equals("Tp") && b.type.isEmpty()) b.type = value; }
            case "Amt" -> {
                if (p0.equals("Bal")) {
                    b.amount = value;
                    b.currency = currency;
                }
            }
            case "CdtDbtInd" -> { if (p0.equals("Bal")) b.mark = value; }
            case "Dt", "DtTm" -> { if (p0.equals("Dt") && p1.equals("Bal") && b.date.isEmpty()) b.date = value; }
            default -> { }
        }
    }

    private static void entryValue(Entry e, String name, String value, String currency, String p0, String p1) {
        if (e.code.read(name, value, p0, p1)) return;
        switch (name) {
            case "Amt" -> {
                if (p0.equals("Ntry")) {
                    e.amount = value;
                    e.currency = currency;
                }
            }
            case "CdtDbtInd" -> { if (p0.equals("Ntry")) e.mark = value; }
            case "Sts" -> { if (p0.equals("Ntry") && !value.isEmpty()) e.status = value; }
            case "Cd", "Prtry" -> { if (p0.equals("Sts") && p1.equals("Ntry")) e.status = value; }
            case "Dt", "DtTm" -> {
                if (p0.equals("BookgDt") && p1.equals("Ntry") && e.booking.isEmpty()) e.booking = value;
                if (p0.equals("ValDt") && p1.equals("Ntry") && e.value.isEmpty()) e.value = value;
            }
            case "AcctSvcrRef" -> { if (p0.equals("Ntry")) e.servicerRef = value; }
            case "RvslInd" -> { if (p0.equals("Ntry")) e.reversal = value.equalsIgnoreCase("true") || value.equals("1"); }
            case "AddtlNtryInf" -> { if (p0.equals("Ntry")) append(e.info, value); }
            default -> { }
        }
    }

    private static void detailValue(Detail d, String party, String name, String value, String currency, String p0,
                                    String p1) {
        if (d.code.read(name, value, p0, p1)) return;
        if (name.equals("IBAN") && p0.equals("Id")) {
            if (p1.equals("CdtrAcct") && d.creditorIban.isEmpty()) d.creditorIban = value;
            if (p1.equals("DbtrAcct") && d.debtorIban.isEmpty()) d.debtorIban = value;
            return;
        }
        switch (name) {
            case "Amt" -> {
                if (p0.equals("TxDtls")) {
                    d.amount = value;
                    d.amountCurrency = currency;
                } else if (p0.equals("TxAmt") && p1.equals("AmtDtls")) {
                    d.txAmount = value;
                    d.txAmountCurrency = currency;
                } else if (p0.equals("CntrValAmt") && p1.equals("AmtDtls")) {
                    d.counterValue = value;
                    d.counterValueCurrency = currency;
                } else if (p0.equals("InstdAmt") && p1.equals("AmtDtls")) {
                    d.instructed = value;
                    d.instructedCurrency = currency;
                }
            }
            case "CdtDbtInd" -> { if (p0.equals("TxDtls")) d.mark = value; }
            case "EndToEndId" -> { if (p0.equals("Refs")) d.endToEnd = value; }
            case "AcctSvcrRef" -> { if (p0.equals("Refs")) d.servicerRef = value; }
            case "Nm" -> {
                if (party == null || value.isEmpty()) return;
                switch (party) {
                    case "Cdtr" -> { if (d.creditor.isEmpty()) d.creditor = value; }
                    case "Dbtr" -> { if (d.debtor.isEmpty()) d.debtor = value; }
                    case "UltmtCdtr" -> { if (d.ultimateCreditor.isEmpty()) d.ultimateCreditor = value; }
                    default -> { if (d.ultimateDebtor.isEmpty()) d.ultimateDebtor = value; }
                }
            }
            case "Ustrd" -> { if (p0.equals("RmtInf")) append(d.unstructured, value); }
            case "AddtlRmtInf" -> { if (p0.equals("Strd")) append(d.structured, value); }
            case "AddtlTxInf" -> { if (p0.equals("TxDtls")) append(d.info, value); }
            default -> { }
        }
    }

    private static void append(StringBuilder sb, String value) {
        if (value.isEmpty() || sb.length() >= MAX_TEXT) return;
        sb.append(sb.isEmpty() ? "" : " ").append(value);
    }

    // ------------------------------------------------------------------ entries to rows

    /** One row an entry gives: the line it counts on, its outcome, and the raw text kept if it is quarantined. */
    record Row(int line, RowOutcome outcome, String raw) {
    }

    /**
     * The rows of one entry: none but a quarantined one when the entry itself is faulty; one per detail when it is
     * a batch booking that can be split ({@link #split}); else one.
     */
    static List<Row> rows(Entry e, Accounts.Account account, LocalDate ingestDate) {
        String raw = e.raw.toString();
        String sts = e.status.strip().toUpperCase(Locale.ROOT);
        if (sts.equals("INFO") || sts.equals("RJCT")) return reject(e, ReasonCode.NOT_BOOKED, "Sts " + sts);
        String status = sts.equals("PDNG") || sts.equals("FUTR") ? TransactionRecord.PENDING : TransactionRecord.BOOKED;
        if (e.amount.isEmpty()) return reject(e, ReasonCode.MISSING_AMOUNT, "Ntry/Amt");
        AmountParser.Result amount = AmountParser.parse(e.amount, NumberStyle.POINT);
        if (!amount.ok()) return reject(e, amount.error(), "Amt '" + e.amount + "'");
        Boolean out = moneyOut(e.mark);
        if (out == null) return reject(e, ReasonCode.MISSING_CREDIT_DEBIT, "CdtDbtInd '" + e.mark + "'");
        BigDecimal signed = out ? amount.value().abs().negate() : amount.value().abs();
        String currency = Currencies.normalise(e.currency());
        if (currency == null) return reject(e, ReasonCode.UNKNOWN_CURRENCY, "Ccy '" + e.currency() + "'");
        RowOutcome mismatch = Holding.check(account, currency, signed);
        if (mismatch != null) return List.of(new Row(e.line, mismatch, raw));

        String dateText = e.booking;
        if (dateText.isEmpty() && status.equals(TransactionRecord.BOOKED)) return reject(e, ReasonCode.MISSING_DATE, "BookgDt");
        if (dateText.isEmpty()) dateText = e.value;
        LocalDate date = ingestDate; // pending and dated nowhere: pending as of the ingest date
        if (!dateText.isEmpty()) {
            DateFormat.Result d = ISO.parse(day(dateText));
            if (!d.ok()) return reject(e, d.error(), "BookgDt '" + dateText + "'");
            if (d.value().isBefore(RowContext.EARLIEST) || d.value().isAfter(ingestDate)) {
                return reject(e, ReasonCode.DATE_OUT_OF_RANGE, d.value().toString());
            }
            date = d.value();
        }
        LocalDate valueDate = null;
        if (!e.value.isEmpty() && !e.booking.isEmpty()) {
            DateFormat.Result v = ISO.parse(day(e.value));
            if (v.ok() && !v.value().equals(date)) valueDate = v.value();
        }

        List<BigDecimal> parts = split(e, signed, currency);
        List<Row> rows = new ArrayList<>();
        if (parts == null) {
            // a batch kept whole is described by its entry's text, else by its first detail
            Detail d = !e.details.isEmpty() && (e.details.size() == 1 || e.info.isEmpty()) ? e.details.get(0) : null;
            String reference = e.details.size() == 1 ? reference(e, d, false) : known(e.servicerRef);
            rows.add(row(e.line, raw, account, date, valueDate, signed, currency, description(e, d, out != e.reversal),
                    reference, status, bank(e, d, out != e.reversal), original(d, signed, currency)));
        } else {
            for (int i = 0; i < parts.size(); i++) {
                Detail d = e.details.get(i);
                BigDecimal part = parts.get(i);
                boolean partOut = part.signum() < 0 || part.signum() == 0 && out;
                RowOutcome decimals = Holding.check(account, currency, part);
                rows.add(decimals != null ? new Row(d.line, decimals, d.raw.toString())
                        : row(d.line, d.raw.toString(), account, date, valueDate, part, currency,
                        description(e, d, partOut != e.reversal), reference(e, d, true), status,
                        bank(e, d, partOut != e.reversal), original(d, part, currency)));
            }
        }
        return rows;
    }

    private static Row row(int line, String raw, Accounts.Account account, LocalDate date, LocalDate valueDate,
                           BigDecimal amount, String currency, String description, String reference, String status,
                           TransactionRecord.Bank bank, TransactionRecord.Original original) {
        ReasonCode text = TextGuard.check(description);
        if (text != null) return new Row(line, RowOutcome.reject(text, "Nm/Ustrd"), raw);
        return new Row(line, RowOutcome.valid(new TransactionRecord(line, account.id(), date, valueDate,
                amount.setScale(2), currency, description, reference, 0, status, original, bank)), raw);
    }

    /**
     * The amount the payment was instructed in (AmtDtls/InstdAmt), when that is another currency than the entry's: a
     * card payment or transfer abroad. Signed like the row, with the rate the row's amount implies (units of the
     * account's currency per unit of the original).
     */
    private static TransactionRecord.Original original(Detail d, BigDecimal amount, String currency) {
        if (d == null || d.instructed.isEmpty() || d.instructedCurrency.isEmpty()) return null;
        String code = Currencies.normalise(d.instructedCurrency);
        AmountParser.Result instructed = AmountParser.parse(d.instructed, NumberStyle.POINT);
        if (code == null || code.equals(currency) || !instructed.ok() || instructed.value().signum() == 0) return null;
        return TransactionRecord.Original.implied(amount, instructed.value(), code);
    }

    /**
     * What the entry says besides its text: the counterparty's IBAN (the creditor's for money out, the debtor's for
     * money in, as for the description), the bank transaction code (ISO before proprietary), the end-to-end id.
     */
    private static TransactionRecord.Bank bank(Entry e, Detail d, boolean creditorIsCounterparty) {
        String iban = d == null ? null : creditorIsCounterparty ? d.creditorIban : d.debtorIban;
        // The ISO code wherever the bank wrote it (entry or detail), else its proprietary one.
        String code = java.util.stream.Stream.of(d == null ? null : d.code.iso(), e.code.iso(),
                d == null ? null : d.code.proprietary(), e.code.proprietary()).filter(c -> c != null).findFirst().orElse(null);
        return TransactionRecord.Bank.of(iban == null ? null : iban.replace(" ", ""), code,
                d == null ? null : known(d.endToEnd));
    }

    private static List<Row> reject(Entry e, ReasonCode reason, String detail) {
        return List.of(new Row(e.line, RowOutcome.reject(reason, detail), e.raw.toString()));
    }

    /** True for money out (DBIT), false for money in (CRDT), null when the indicator says neither. */
    static Boolean moneyOut(String mark) {
        String m = mark.strip();
        return m.equalsIgnoreCase("DBIT") ? Boolean.TRUE : m.equalsIgnoreCase("CRDT") ? Boolean.FALSE : null;
    }

    /** The date part of an ISO date or date-time. */
    private static String day(String text) {
        return text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text;
    }

    /**
     * The signed amounts of a batch booking's details, in detail order, or null to keep the entry whole: it has fewer
     * than two details, a detail has no amount in the entry's currency (its own Amt, else AmtDtls/TxAmt, else
     * AmtDtls/CntrValAmt), or the amounts do not add up to the entry. Each detail takes the entry's sign unless the
     * details' own indicators differ among themselves (a batch of debits and credits).
     */
    static List<BigDecimal> split(Entry e, BigDecimal signed, String currency) {
        if (e.details.size() < 2) return null;
        boolean mixed = false;
        Boolean first = null;
        for (Detail d : e.details) {
            Boolean dOut = moneyOut(d.mark);
            if (dOut == null) continue;
            if (first == null) first = dOut;
            else if (!first.equals(dOut)) mixed = true;
        }
        List<BigDecimal> parts = new ArrayList<>(e.details.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (Detail d : e.details) {
            String text = sameCurrency(d.amountCurrency, currency) ? d.amount
                    : sameCurrency(d.txAmountCurrency, currency) ? d.txAmount
                    : sameCurrency(d.counterValueCurrency, currency) ? d.counterValue : "";
            if (text.isEmpty() && d.amountCurrency.isEmpty() && d.txAmountCurrency.isEmpty()) text = d.amount;
            if (text.isEmpty()) return null;
            AmountParser.Result a = AmountParser.parse(text, NumberStyle.POINT);
            if (!a.ok()) return null;
            Boolean dOut = mixed ? moneyOut(d.mark) : null;
            boolean negative = dOut != null ? dOut : signed.signum() < 0;
            BigDecimal part = negative ? a.value().abs().negate() : a.value().abs();
            parts.add(part);
            sum = sum.add(part);
        }
        return sum.compareTo(signed) == 0 ? parts : null;
    }

    private static boolean sameCurrency(String written, String currency) {
        return !written.isEmpty() && currency.equals(Currencies.normalise(written));
    }

    /**
     * The counterparty (for money out the ultimate creditor and the creditor, for money in the ultimate debtor and
     * the debtor; {@code creditorSide} is money out, or money in that reverses money out), then the purpose: the
     * unstructured remittance, else the structured one's additional text, else the detail's additional information,
     * else the entry's. Without a detail, the entry's additional information only.
     */
    static String description(Entry e, Detail d, boolean creditorSide) {
        List<String> parts = new ArrayList<>(3);
        String purpose = e.info.toString();
        if (d != null) {
            TransactionRows.add(parts, creditorSide ? d.ultimateCreditor : d.ultimateDebtor);
            TransactionRows.add(parts, creditorSide ? d.creditor : d.debtor);
            if (!d.unstructured.isEmpty()) purpose = d.unstructured.toString();
            else if (!d.structured.isEmpty()) purpose = d.structured.toString();
            else if (!d.info.isEmpty()) purpose = d.info.toString();
        }
        TransactionRows.add(parts, purpose);
        return String.join(" / ", parts);
    }

    /**
     * The row's reference: the bank's own reference of the booking (the detail's AcctSvcrRef, else the entry's), else
     * the payer's end-to-end id. A detail split off a batch that has only the entry's reference adds its end-to-end
     * id to it, so the details stay apart. Null when the file gives none.
     */
    static String reference(Entry e, Detail d, boolean split) {
        String own = known(d.servicerRef), entryRef = known(e.servicerRef), endToEnd = known(d.endToEnd);
        if (own != null) return own;
        if (entryRef != null) return split && endToEnd != null ? entryRef + "/" + endToEnd : entryRef;
        return endToEnd;
    }

    /** The value, or null when it is empty or a "no reference" placeholder (NOTPROVIDED, NONREF, ...). */
    private static String known(String reference) {
        String r = reference.strip();
        return r.isEmpty() || NO_REFERENCE.contains(r.replace(" ", "").toUpperCase(Locale.ROOT)) ? null : r;
    }

    /**
     * The rows with every reference unique in the file: a later row whose reference an earlier one already has (a
     * return that repeats its debit's end-to-end id, a bank that writes one reference for a whole batch) gets
     * {@code #2}, {@code #3}, ... appended, in file order, so the same file always gives the same references.
     */
    static List<Row> uniqueReferences(List<Row> rows) {
        Map<String, Integer> seen = new HashMap<>();
        List<Row> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.outcome().ok() && row.outcome().record() instanceof TransactionRecord t && t.reference() != null) {
                int n = seen.merge(t.reference(), 1, Integer::sum);
                if (n > 1) {
                    TransactionRecord renamed = new TransactionRecord(t.lineNumber(), t.accountId(), t.bookingDate(),
                            t.valueDate(), t.amount(), t.currency(), t.description(), t.reference() + "#" + n,
                            t.occurrence(), t.status(), t.original(), t.bank());
                    row = new Row(row.line(), RowOutcome.valid(renamed), row.raw());
                }
            }
            out.add(row);
        }
        return out;
    }

    private static Accounts.Account account(String id, Accounts accounts, FileInput input) {
        if (!id.isEmpty()) {
            Accounts.Account configured = accounts.findExact(id).orElse(null);
            if (configured != null) return configured;
            return InferredAccounts.account(AccountClues.fromValue(id, "account"));
        }
        String file = input.sourceFile().substring(input.sourceFile().lastIndexOf('/') + 1);
        return InferredAccounts.named(file.replaceFirst("\\.[^.]*$", ""));
    }
}
