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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads QIF (Quicken Interchange Format) exports: {@code !Type:Bank}, {@code Cash}, {@code CCard}, {@code Oth A} and
 * {@code Oth L} sections of records ended by {@code ^}, each field a line led by its code (D date, T/U amount, P payee,
 * M memo, S/E/$ a split); an {@code !Account} block names the account of the sections after it. The date style
 * ({@code 6/13'25}, {@code 13/06/2025}) and decimal mark are decided over the whole file, as for CSV. A record is one
 * row on its first line, every other line is markup; records of sections we do not read yet (investment) are
 * quarantined, category and class lists are markup.
 */
final class QifFileParser {
    private static final List<String> CASH_TYPES = List.of("bank", "cash", "ccard", "oth a", "oth l");

    private QifFileParser() {
    }

    /** Whether the text is QIF: its first non-blank line is a {@code !Type}, {@code !Account} or {@code !Option} header. */
    static boolean looksLikeQif(DecodedText text) {
        for (DecodedText.Line line : text.lines()) {
            if (line.isBlank()) continue;
            String t = line.text().strip().toLowerCase(Locale.ROOT);
            return t.startsWith("!type:") || t.startsWith("!account") || t.startsWith("!option:") || t.startsWith("!clear:");
        }
        return false;
    }

    /** One record: the line it starts on, its fields by code (first value), its raw text, and its section. */
    private record Entry(int line, Map<Character, String> fields, String raw, String section, Accounts.Account account) {
        String field(char code) {
            return fields.getOrDefault(code, "");
        }
    }

    static ParsedFile parse(FileInput input, DecodedText text, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        Tally tally = new Tally(input);
        Accounts.Account fileAccount = folderAccount != null ? folderAccount : named(stem(input.sourceFile()), null, accounts);
        List<Entry> entries = entries(text, tally, accounts, fileAccount);
        DateReader dates = dateStyle(entries, ingestDate);
        NumberStyle numbers = Inference.numberStyle(entries.stream().map(e -> e.field('T').isEmpty() ? e.field('U') : e.field('T')).toList());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("date_format", dates == null ? "none" : dates.pattern());
        details.put("decimal", String.valueOf(numbers.decimal()));
        String currency = dates instanceof DateStyle s && s.order() == DateStyle.Order.MDY ? "USD" : accounts.homeCurrency();
        details.put("currency", currency);
        List<LakeRecord> valid = new ArrayList<>();
        for (Entry e : entries) {
            tally.read();
            RowOutcome o = row(e, dates, numbers, currency, ingestDate);
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

    /** The records of the file, in order; every line that starts none is counted as markup or blank. */
    private static List<Entry> entries(DecodedText text, Tally tally, Accounts accounts, Accounts.Account fileAccount) {
        List<Entry> out = new ArrayList<>();
        String section = "bank";
        boolean accountBlock = false, accountList = false;
        Map<Character, String> fields = new LinkedHashMap<>();
        StringBuilder raw = new StringBuilder();
        int start = -1;
        Accounts.Account account = fileAccount;
        Map<Character, String> accountFields = new LinkedHashMap<>();
        for (DecodedText.Line line : text.lines()) {
            String t = line.text().strip();
            if (t.isEmpty()) {
                tally.skip("blank");
                continue;
            }
            if (t.startsWith("!")) {
                tally.skip(FileReport.SKIPPED_MARKUP);
                String header = t.toLowerCase(Locale.ROOT);
                if (header.startsWith("!option:autoswitch")) {
                    accountList = true; // Quicken's list of every account: names, not money
                } else if (header.startsWith("!clear:autoswitch")) {
                    accountList = false;
                } else if (header.startsWith("!account")) {
                    accountBlock = !accountList;
                    accountFields.clear();
                } else if (header.startsWith("!type:")) {
                    section = header.substring(6).strip();
                }
                continue;
            }
            if (accountList) {
                tally.skip(FileReport.SKIPPED_MARKUP);
                continue;
            }
            if (t.equals("^")) {
                tally.skip(FileReport.SKIPPED_MARKUP);
                if (accountBlock) {
                    String name = accountFields.getOrDefault('N', "");
                    if (!name.isEmpty()) account = named(name, accountFields.getOrDefault('T', ""), accounts);
                    accountBlock = false;
                } else if (start > 0) {
                    out.add(new Entry(start, Map.copyOf(fields), raw.toString().strip(), section, account));
                }
                fields.clear();
                raw.setLength(0);
                start = -1;
                continue;
            }
            if (accountBlock) {
                tally.skip(FileReport.SKIPPED_MARKUP);
                accountFields.putIfAbsent(t.charAt(0), t.substring(1).strip());
                continue;
            }
            if (!CASH_TYPES.contains(section) && !section.startsWith("invst")) {
                tally.skip(FileReport.SKIPPED_MARKUP); // category, class and memorised lists describe no money
                continue;
            }
            if (start < 0) start = line.number();
            else tally.skip(FileReport.SKIPPED_MARKUP);
            fields.putIfAbsent(t.charAt(0), t.substring(1).strip());
            if (raw.length() < 2000) raw.append(line.text()).append('\n');
        }
        if (start > 0) out.add(new Entry(start, Map.copyOf(fields), raw.toString().strip(), section, account)); // no final ^
        return out;
    }

    /** QIF dates: {@code 6/13'25} is 6/13/25 (the apostrophe marks 2000s years), spaces pad single digits. */
    private static String dateText(String d) {
        return d.replace('\'', '/').replace(" ", "");
    }

    private static DateReader dateStyle(List<Entry> entries, LocalDate ingestDate) {
        List<String> values = entries.stream().map(e -> dateText(e.field('D'))).filter(v -> !v.isEmpty()).toList();
        Inference.DateChoice choice = Inference.dateStyle(values, ingestDate, null);
        return choice.format() != null ? choice.format() : new DateStyle(DateStyle.Order.MDY); // Quicken's own order
    }

    private static RowOutcome row(Entry e, DateReader dates, NumberStyle numbers, String currency, LocalDate ingestDate) {
        if (!CASH_TYPES.contains(e.section())) {
            return RowOutcome.reject(ReasonCode.UNSUPPORTED_RECORD, "!Type:" + e.section() + " (investment records are not read yet)");
        }
        String d = dateText(e.field('D'));
        DateFormat.Result date = dates.parse(d);
        if (!date.ok()) return RowOutcome.reject(date.error(), "D '" + e.field('D') + "'");
        if (date.value().isBefore(RowContext.EARLIEST) || date.value().isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, date.value().toString());
        }
        String amountText = e.field('T').isEmpty() ? e.field('U') : e.field('T');
        AmountParser.Result amount = AmountParser.parse(amountText, numbers);
        if (!amount.ok()) return RowOutcome.reject(amount.error(), "T '" + amountText + "'");
        String chosen = e.account().currencies().isEmpty() ? currency : e.account().currencies().get(0);
        RowOutcome mismatch = Holding.check(e.account(), chosen, amount.value());
        if (mismatch != null) return mismatch;
        List<String> parts = new ArrayList<>();
        TransactionRows.add(parts, e.field('P'));
        TransactionRows.add(parts, e.field('M'));
        String description = String.join(" / ", parts);
        ReasonCode text = TextGuard.check(description);
        if (text != null) return RowOutcome.reject(text, "P/M");
        BigDecimal value = amount.value().setScale(2);
        return RowOutcome.valid(new TransactionRecord(e.line(), e.account().id(), date.value(), null, value, chosen,
                description, null, 0));
    }

    /** The account an {@code !Account} name (or the file's name) gives: a configured one, else an inferred one. */
    private static Accounts.Account named(String name, String type, Accounts accounts) {
        return accounts.findExact(name).orElseGet(() -> {
            return type == null ? InferredAccounts.named(name) : InferredAccounts.account(AccountClues.fromValue(name, type));
        });
    }

    private static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
