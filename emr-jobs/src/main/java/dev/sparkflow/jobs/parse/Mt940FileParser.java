package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SWIFT MT940 statements as banks export them (one or more statements, with or without the {@code {1:…}} block
 * headers): {@code :25:} names the account (IBAN, or bank code/account number), {@code :60F:}/{@code :60M:} the
 * currency, each {@code :61:} is one row on its line (value date, booking date, debit/credit mark, amount) and its
 * {@code :86:} the text — German structured sub-fields ({@code ?20..?29} purpose, {@code ?32/?33} name), the Dutch
 * {@code /NAME/…/REMI/…} form, or free text. Every other line is markup.
 */
final class Mt940FileParser {
    /** :61: value date YYMMDD, optional booking MMDD, mark (C, D, RC, RD), optional funds code, amount with a comma. */
    private static final Pattern STATEMENT_LINE = Pattern.compile(
            "^(\\d{6})(\\d{4})?(RC|RD|C|D)([A-Z])?(\\d[\\d,.]*)");
    private static final Pattern BALANCE = Pattern.compile("^[CD](\\d{6})([A-Z]{3})");
    private static final Pattern TAG = Pattern.compile("^:(\\d{2}[A-Z]?):(.*)$");

    private Mt940FileParser() {
    }

    /** Whether the text is MT940: a {@code :20:} (or a SWIFT {@code {1:} block) near the top and a {@code :61:} or balance. */
    static boolean looksLikeMt940(DecodedText text) {
        boolean start = false, body = false;
        int seen = 0;
        for (DecodedText.Line line : text.lines()) {
            String t = line.text().strip();
            if (t.isEmpty()) continue;
            if (seen++ > 60) break;
            if (t.startsWith(":20:") || t.startsWith("{1:")) start = true;
            if (t.startsWith(":61:") || t.startsWith(":60F:") || t.startsWith(":60M:") || t.startsWith(":25:")) body = true;
        }
        return start && body;
    }

    /** One :61: entry: its line, raw text, the statement's account and currency, and its :86: text. */
    private record Entry(int line, String raw, String field61, String field86, Accounts.Account account, String currency) {
    }

    static ParsedFile parse(FileInput input, DecodedText text, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        Tally tally = new Tally(input);
        List<Entry> entries = new ArrayList<>();
        Accounts.Account account = folderAccount;
        String currency = null;
        String tag = null;
        StringBuilder value = new StringBuilder();
        int tagLine = 0;
        Entry open = null;
        for (DecodedText.Line line : text.lines()) {
            String t = line.text();
            if (t.isBlank()) {
                tally.skip("blank");
                continue;
            }
            Matcher m = TAG.matcher(t.strip());
            if (m.matches()) {
                // the previous field is complete
                if (tag != null) {
                    Object[] state = close(tag, value.toString(), tagLine, entries, accounts, folderAccount, account, currency, open);
                    account = (Accounts.Account) state[0];
                    currency = (String) state[1];
                    open = (Entry) state[2];
                }
                tag = m.group(1);
                value.setLength(0);
                value.append(m.group(2));
                tagLine = line.number();
                if (!tag.equals("61")) tally.skip(FileReport.SKIPPED_MARKUP);
            } else {
                tally.skip(FileReport.SKIPPED_MARKUP); // continuation lines, {1:..} blocks, the "-" end marker
                if (tag != null && !t.strip().equals("-") && !t.startsWith("{") && !t.startsWith("}")) {
                    value.append('\n').append(t.strip());
                }
            }
        }
        if (tag != null) {
            Object[] state = close(tag, value.toString(), tagLine, entries, accounts, folderAccount, account, currency, open);
            open = (Entry) state[2];
        }
        if (open != null) entries.add(open);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("statements", String.valueOf(text.lines().stream().filter(l -> l.text().startsWith(":20:")).count()));
        List<LakeRecord> valid = new ArrayList<>();
        for (Entry e : entries) {
            tally.read();
            RowOutcome o = row(e, ingestDate, accounts);
            if (o.ok()) valid.add(o.record());
            else tally.reject(e.line(), e.raw(), o.reason(), o.detail());
        }
        TransactionRows.numberRepeats(valid).forEach(o -> tally.valid(o.record()));
        String accountId = entries.stream().map(e -> e.account() == null ? "" : e.account().id()).distinct().count() == 1
                && !entries.isEmpty() && entries.get(0).account() != null ? entries.get(0).account().id() : null;
        ReasonCode reason = entries.isEmpty() ? ReasonCode.HEADER_ONLY : null;
        return tally.build(reason, null, text.encoding(), text.bom(), new FileReport.Layout("mt940", "mt940", details),
                accountId, text.lines().size());
    }

    /** Applies a completed field; returns {account, currency, the open entry}. */
    private static Object[] close(String tag, String value, int line, List<Entry> entries, Accounts accounts,
                                  Accounts.Account folderAccount, Accounts.Account account, String currency, Entry open) {
        switch (tag) {
            case "25" -> {
                if (open != null) entries.add(open);
                open = null;
                account = folderAccount != null ? folderAccount : account(value.strip(), accounts);
            }
            case "60F", "60M" -> {
                Matcher b = BALANCE.matcher(value.strip());
                if (b.find()) currency = b.group(2);
            }
            case "61" -> {
                if (open != null) entries.add(open);
                open = new Entry(line, ":61:" + value, value.strip(), "", account, currency);
            }
            case "86" -> {
                if (open != null) {
                    entries.add(new Entry(open.line(), open.raw() + "\n:86:" + value, open.field61(), value, open.account(),
                            open.currency()));
                    open = null;
                }
            }
            default -> {
                if (open != null && !tag.equals("61")) {
                    entries.add(open);
                    open = null;
                }
            }
        }
        return new Object[]{account, currency, open};
    }

    private static Accounts.Account account(String value, Accounts accounts) {
        Accounts.Account configured = accounts.findExact(value).orElse(null);
        if (configured == null && value.contains("/")) configured = accounts.findExact(value.substring(value.indexOf('/') + 1)).orElse(null);
        if (configured != null) return configured;
        String number = value.contains("/") ? value.substring(value.indexOf('/') + 1) : value;
        return InferredAccounts.account(AccountClues.fromValue(number.replaceAll("[A-Z]{3}$", ""), "account"));
    }

    private static RowOutcome row(Entry e, LocalDate ingestDate, Accounts accounts) {
        Matcher m = STATEMENT_LINE.matcher(e.field61());
        if (!m.find()) return RowOutcome.reject(ReasonCode.INVALID_AMOUNT, ":61: '" + e.field61() + "'");
        if (e.account() == null) return RowOutcome.reject(ReasonCode.MISSING_FIELD, "no :25: account before this entry");
        LocalDate valueDate, booking;
        try {
            valueDate = LocalDate.of(2000 + Integer.parseInt(m.group(1).substring(0, 2)),
                    Integer.parseInt(m.group(1).substring(2, 4)), Integer.parseInt(m.group(1).substring(4, 6)));
            booking = valueDate;
            if (m.group(2) != null) {
                booking = LocalDate.of(valueDate.getYear(), Integer.parseInt(m.group(2).substring(0, 2)),
                        Integer.parseInt(m.group(2).substring(2, 4)));
                if (booking.isAfter(valueDate.plusMonths(6))) booking = booking.minusYears(1);   // Dec value, Jan booking
                else if (booking.isBefore(valueDate.minusMonths(6))) booking = booking.plusYears(1);
            }
        } catch (DateTimeException e1) {
            return RowOutcome.reject(ReasonCode.IMPOSSIBLE_DATE, ":61: '" + e.field61() + "'");
        }
        if (booking.isBefore(RowContext.EARLIEST) || booking.isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, booking.toString());
        }
        AmountParser.Result amount = AmountParser.parse(m.group(5), new NumberStyle(',', null, NumberStyle.POINT.negatives()));
        if (!amount.ok()) return RowOutcome.reject(amount.error(), ":61: '" + e.field61() + "'");
        String mark = m.group(3);
        BigDecimal signed = mark.equals("D") || mark.equals("RC") ? amount.value().negate() : amount.value();
        String currency = e.account().currencies().isEmpty() ? (e.currency() != null ? e.currency() : accounts.homeCurrency())
                : e.account().currencies().get(0);
        RowOutcome mismatch = Holding.check(e.account(), currency, signed);
        if (mismatch != null) return mismatch;
        String description = description(e.field86());
        ReasonCode text = TextGuard.check(description);
        if (text != null) return RowOutcome.reject(text, ":86:");
        return RowOutcome.valid(new TransactionRecord(e.line(), e.account().id(), booking,
                valueDate.equals(booking) ? null : valueDate, signed.setScale(2), currency, description, null, 0));
    }

    private static final Pattern GERMAN_SUBFIELD = Pattern.compile("\\?(\\d{2})([^?]*)");
    private static final Pattern DUTCH_FIELD = Pattern.compile("/(NAME|REMI|TRTP)/([^/]*(?:/(?!(?:TRTP|IBAN|BIC|NAME|REMI|EREF|MARF|CSID|ORDP|BENM|SVCL|ULTC|ULTD|PURP|RTRN|ISDT|CNTP)/)[^/]*)*)");

    /** The :86: text: the counterparty then the purpose, from German sub-fields or Dutch tags; else the text itself. */
    static String description(String field86) {
        String joined = field86.replace("\n", "");
        List<String> parts = new ArrayList<>();
        if (joined.contains("?20") || joined.contains("?32")) {
            StringBuilder name = new StringBuilder(), purpose = new StringBuilder();
            Matcher m = GERMAN_SUBFIELD.matcher(joined);
            while (m.find()) {
                int code = Integer.parseInt(m.group(1));
                if (code == 32 || code == 33) name.append(m.group(2));
                else if (code >= 20 && code <= 29 || code >= 60 && code <= 63) purpose.append(m.group(2));
            }
            String p = purpose.toString();
            int svwz = p.indexOf("SVWZ+");
            if (svwz >= 0) p = p.substring(svwz + 5);
            p = p.replaceAll("(EREF|KREF|MREF|CRED|DEBT|ABWA|ABWE)\\+\\S*", "");
            TransactionRows.add(parts, name.toString());
            TransactionRows.add(parts, p);
        } else if (joined.contains("/NAME/") || joined.contains("/REMI/")) {
            Matcher m = DUTCH_FIELD.matcher(joined);
            String name = "", remi = "";
            while (m.find()) {
                if (m.group(1).equals("NAME")) name = m.group(2);
                if (m.group(1).equals("REMI")) remi = m.group(2);
            }
            TransactionRows.add(parts, name);
            TransactionRows.add(parts, remi);
        } else {
            TransactionRows.add(parts, field86.replace('\n', ' '));
        }
        return String.join(" / ", parts);
    }

}
