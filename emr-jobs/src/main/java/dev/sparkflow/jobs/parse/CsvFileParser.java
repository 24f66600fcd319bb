package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.HeaderNames;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the rows of a CSV file whose layout is known: structure first, then the dataset's field rules. Lines that
 * are not rows are named, never counted as broken: preamble above the header, summary/footer lines after the last
 * row, opening/closing balance lines and one-cell notes inside the table.
 */
final class CsvFileParser {
    /** No bank export line is this long; longer lines are corrupt or hostile. */
    static final int MAX_LINE = 4096;
    /** A quoted field may run over this many more lines (Amex's Extended Details); a longer run is a broken quote. */
    static final int MAX_CONTINUATION_LINES = 12;
    /** A one-cell heading inside the table that says the rows below it are not booked yet (Schwab). */
    private static final Pattern PENDING_SECTION = Pattern.compile("(?i)^\\W*(pending|vorgemerkt|in behandeling|en attente)\\b");
    private static final Pattern BOOKED_SECTION = Pattern.compile("(?i)^\\W*(posted|booked|gebucht|completed|cleared)\\b");
    /** A dated line of the table that states a balance rather than a movement (Bank of America, many others). */
    private static final Pattern BALANCE_LINE = Pattern.compile(
            "(?i)(opening|closing|beginning|ending|starting|start|end|anfangs|end|schluss|begin|eind|alter|neuer)[ -]?"
                    + "(balance|saldo|kontostand)|solde (initial|final|de d[ée]but|de fin|pr[ée]c[ée]dent|au)"
                    + "|saldo (inicial|final|iniziale|finale|anterior)|brought forward|carried forward|übertrag"
                    + "|balance as (at|of)|saldo per|solde au");

    /** A description that is nothing but the name of a balance. */
    private static final Pattern BALANCE_ONLY = Pattern.compile(
            "(?i)\\W*(anfangssaldo|endsaldo|schlusssaldo|opening balance|closing balance|beginning balance|ending balance"
                    + "|saldo inicial|saldo final|solde initial|solde final|beginsaldo|eindsaldo)\\W*");

    private CsvFileParser() {
    }

    static RowBuilder builderFor(LakeDataset dataset) {
        return switch (dataset) {
            case TRANSACTIONS -> new TransactionRows();
            case BALANCES -> new BalanceRows();
            case BUDGETS -> new BudgetRows();
            case HOLDINGS -> throw new IllegalArgumentException("holdings come out of statements, not dropped files");
            case FX_RATES -> throw new IllegalArgumentException("exchange rates are read by EcbRatesParser");
        };
    }

    /** Classifies every line and returns the tally of the file. */
    static Tally parse(FileInput input, DecodedText text, RowContext ctx) {
        Tally tally = new Tally(input);
        CsvLayout layout = ctx.layout();
        List<String> header = LayoutResolver.normalised(layout.header());
        RowBuilder builder = builderFor(input.dataset());
        List<LakeRecord> pending = new ArrayList<>();
        int lastRow = lastRow(text, layout);
        List<DecodedText.Line> lines = text.lines();
        boolean pendingSection = false;
        String sectionAccount = null;
        for (int k = 0; k < lines.size(); k++) {
            DecodedText.Line line = lines.get(k);
            int index = line.number() - 1;
            if (line.isBlank()) {
                tally.skip("blank");
            } else if (index == layout.headerLine()) {
                tally.skip("header");
            } else if (index < layout.firstRow()) {
                tally.skip("preamble");
            } else {
                int joined = oddQuotes(line.text()) ? continuation(lines, k, layout) : 0;
                if (joined > 0) {
                    StringBuilder sb = new StringBuilder(line.text());
                    for (int j = 1; j <= joined; j++) sb.append('\n').append(lines.get(k + j).text());
                    line = new DecodedText.Line(line.number(), sb.toString(), line.badEncoding());
                    for (int j = 1; j <= joined; j++) tally.skip("continuation");
                    k += joined;
                }
                int before = pending.size();
                String kind = classify(line, index > lastRow, layout, header, builder, ctx, tally, pending);
                if ("note".equals(kind) || "summary".equals(kind)) {
                    String first = line.text().replace("\"", "").strip();
                    if (PENDING_SECTION.matcher(first).find()) pendingSection = true;
                    else if (BOOKED_SECTION.matcher(first).find()) pendingSection = false;
                    if (!layout.has("account")) {
                        // A heading naming a card or account starts a section of its rows (Crédit Agricole's cards).
                        sectionAccount = AccountClues.inPreamble(List.of(line.text()))
                                .filter(found -> found.id().startsWith("card-") || found.id().startsWith("iban-"))
                                .map(found -> ctx.inferred().register(found, null).id()).orElse(sectionAccount);
                    }
                }
                if (pending.size() > before && pending.get(before) instanceof TransactionRecord t) {
                    TransactionRecord r = pendingSection ? t.withStatus(TransactionRecord.PENDING) : t;
                    if (sectionAccount != null && ctx.fileAccount() != null && t.accountId().equals(ctx.fileAccount().id())) {
                        r = r.withAccount(sectionAccount);
                    }
                    pending.set(before, r);
                }
            }
        }
        for (RowOutcome o : builder.finish(pending)) {
            if (o.ok()) {
                tally.valid(o.record());
            } else {
                int n = o.record().lineNumber();
                tally.reject(n, text.lines().get(n - 1).text(), o.reason(), o.detail());
            }
        }
        return tally;
    }

    /**
     * How many following lines a quoted field that is still open at the end of line {@code k} takes to close, when
     * the joined text then splits into the layout's fields; 0 when the line is complete (or never closes).
     */
    private static int continuation(List<DecodedText.Line> lines, int k, CsvLayout layout) {
        return continuation(lines, k, layout.delimiter(), layout.width());
    }

    static int continuation(List<DecodedText.Line> lines, int k, char delimiter, int width) {
        CsvSplitter.Split split = CsvSplitter.split(lines.get(k).text(), delimiter);
        if (split.ok() || split.error() != ReasonCode.UNBALANCED_QUOTE) return 0;
        StringBuilder sb = new StringBuilder(lines.get(k).text());
        for (int j = 1; j <= MAX_CONTINUATION_LINES && k + j < lines.size(); j++) {
            sb.append('\n').append(lines.get(k + j).text());
            CsvSplitter.Split joined = CsvSplitter.split(sb.toString(), delimiter);
            if (joined.ok()) return joined.fields().size() <= width + 1 ? j : 0;
            if (joined.error() != ReasonCode.UNBALANCED_QUOTE) return 0;
        }
        return 0;
    }

    /** The index of the last line whose date cell reads as a date: what follows it without a date is a footer. */
    private static int lastRow(DecodedText text, CsvLayout layout) {
        if (layout.dates() == null || !layout.has("date")) return Integer.MAX_VALUE;
        List<DecodedText.Line> lines = text.lines();
        for (int i = lines.size() - 1; i >= layout.firstRow(); i--) {
            if (lines.get(i).isBlank()) continue;
            CsvSplitter.Split split = CsvSplitter.split(lines.get(i).text(), layout.delimiter());
            if (split.ok() && hasDate(split.fields(), layout)) return i;
        }
        return layout.firstRow() - 1;
    }

    private static boolean hasDate(List<String> fields, CsvLayout layout) {
        for (String role : List.of("date", "value_date")) {
            String cell = layout.field(fields, role);
            if (!cell.isBlank() && layout.dates().parse(cell).ok()) return true;
        }
        return false;
    }

    /** Classifies one line: the kind of non-data line it is, or null for a row (valid or quarantined). */
    private static String classify(DecodedText.Line line, boolean afterLastRow, CsvLayout layout, List<String> header,
                                   RowBuilder builder, RowContext ctx, Tally tally, List<LakeRecord> pending) {
        String raw = line.text();
        CsvSplitter.Split split = CsvSplitter.split(raw, layout.delimiter());
        String kind = nonData(split, raw, afterLastRow, layout, header);
        if (kind != null) {
            tally.skip(kind);
            return kind;
        }
        tally.read();
        RowOutcome outcome = structure(line, split, layout, header);
        if (outcome == null) {
            List<String> fields = padded(split.fields(), layout.width());
            if (isBalanceLine(fields, layout)) {
                tally.unread();
                tally.skip("balance");
                return "balance";
            }
            outcome = builder.build(fields, line.number(), ctx);
        }
        if (outcome.ok()) {
            pending.add(outcome.record());
        } else {
            tally.reject(line.number(), raw, outcome.reason(), outcome.detail());
        }
        return null;
    }

    private static boolean oddQuotes(String text) {
        int quotes = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '"') quotes++;
        return (quotes & 1) == 1;
    }

    /** The kind of non-data line this is (footer, summary, note), or null for a row. */
    private static String nonData(CsvSplitter.Split split, String raw, boolean afterLastRow, CsvLayout layout,
                                  List<String> header) {
        if (!split.ok()) return null;
        List<String> fields = split.fields();
        if (!header.isEmpty() && fields.size() >= header.size() - 1 && !fields.isEmpty()
                && fields.get(0).length() <= header.get(0).length() + 4
                && HeaderNames.normalise(fields.get(0)).equals(header.get(0))
                && LayoutResolver.sameHeader(LayoutResolver.normalised(fields), header)) {
            return "header"; // repeated above each section (Crédit Agricole's cards, page breaks)
        }
        boolean dated = layout.dates() != null && layout.has("date") && hasDate(fields, layout);
        if (dated) return null;
        String first = fields.isEmpty() ? raw : fields.get(0);
        int filled = (int) fields.stream().filter(s -> !s.isBlank()).count();
        if (filled == 0) return "blank";
        boolean noAmount = layout.fields(fields, "amount").stream().allMatch(String::isBlank)
                && layout.fields(fields, "debit").stream().allMatch(String::isBlank)
                && layout.fields(fields, "credit").stream().allMatch(String::isBlank);
        if (afterLastRow && (noAmount || layout.footer().matcher(first).find() || layout.footer().matcher(raw).find())) {
            return "footer";
        }
        if (layout.footer().matcher(first).find() && filled <= Math.max(2, layout.width() / 2)) return "summary";
        if (filled == 1) return "note";
        return null;
    }

    /** A dated line without an amount that says it is an opening or closing balance. */
    private static boolean isBalanceLine(List<String> fields, CsvLayout layout) {
        if (!shortBalanceWord(fields) && !(amountsBlank(fields, layout) && mentionsBalance(fields, layout))) return false;
        java.util.Set<Integer> valueColumns = new java.util.HashSet<>();
        for (String role : List.of("date", "value_date", "amount", "debit", "credit", "currency", "direction", "balance", "account")) {
            valueColumns.addAll(layout.roles().getOrDefault(role, List.of()));
        }
        List<String> texts = new java.util.ArrayList<>();
        for (int c = 0; c < fields.size(); c++) if (!valueColumns.contains(c) && !fields.get(c).isBlank()) texts.add(fields.get(c));
        if (texts.size() == 1 && BALANCE_ONLY.matcher(texts.get(0).strip()).matches()) {
            return true; // Fiducia's "Anfangssaldo" rows carry the balance in the amount column
        }
        if (!layout.has("amount") && !layout.has("debit") && !layout.has("credit")) return false;
        for (String role : List.of("amount", "debit", "credit")) {
            for (String v : layout.fields(fields, role)) if (!v.isBlank()) return false;
        }
        return BALANCE_LINE.matcher(String.join(" ", fields)).find();
    }

    /** A cheap first look: no cell names a balance or a carry-over, so the line is no balance line. */
    /** Whether a short cell (at most 20 characters) of the row starts like a balance's name. */
    private static boolean shortBalanceWord(List<String> fields) {
        for (String f : fields) {
            int n = f.length();
            if (n < 6 || n > 20) continue;
            char c = Character.toLowerCase(f.charAt(0));
            if ((c == 'a' || c == 'e' || c == 's' || c == 'o' || c == 'c' || c == 'b')
                    && BALANCE_ONLY.matcher(f.strip()).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean amountsBlank(List<String> fields, CsvLayout layout) {
        for (String role : List.of("amount", "debit", "credit")) {
            List<Integer> at = layout.roles().get(role);
            if (at == null) continue;
            for (int i : at) if (i < fields.size() && !fields.get(i).isBlank()) return false;
        }
        return true;
    }

    private static final String[] BALANCE_WORDS = {"saldo", "balance", "kontostand", "solde", "forward", "übertrag"};

    private static boolean mentionsBalance(List<String> fields, CsvLayout layout) {
        Integer amount = layout.index("amount");
        boolean noAmount = amount == null || amount >= fields.size() || fields.get(amount).isBlank();
        for (int c = 0; c < fields.size(); c++) {
            if (amount != null && c == amount) continue;
            String f = fields.get(c);
            if (!noAmount && f.length() > 24) continue; // with an amount, only a short "Anfangssaldo" cell says balance
            for (int i = 0; i + 5 <= f.length(); i++) {
                char ch = Character.toLowerCase(f.charAt(i));
                if (ch != 's' && ch != 'b' && ch != 'k' && ch != 'f' && ch != 'ü') continue;
                for (String w : BALANCE_WORDS) {
                    if (f.regionMatches(true, i, w, 0, w.length())) return true;
                }
            }
        }
        return false;
    }

    private static List<String> padded(List<String> fields, int width) {
        if (fields.size() >= width) return fields;
        List<String> out = new ArrayList<>(fields);
        while (out.size() < width) out.add("");
        return out;
    }

    /** Null when the line is structurally a row of this table, else why it is not. */
    private static RowOutcome structure(DecodedText.Line line, CsvSplitter.Split split, CsvLayout layout,
                                        List<String> header) {
        String raw = line.text();
        if (line.badEncoding()) return RowOutcome.reject(ReasonCode.BAD_ENCODING, "not valid in the file's encoding");
        if (raw.length() > MAX_LINE) return RowOutcome.reject(ReasonCode.LINE_TOO_LONG, raw.length() + " characters");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
                return RowOutcome.reject(ReasonCode.CONTROL_CHARACTERS, String.format("U+%04X at column %d", (int) c, i + 1));
            }
        }
        if (!split.ok()) return RowOutcome.reject(split.error(), null);
        List<String> fields = split.fields();
        int expected = layout.width();
        if (fields.size() > expected) {
            for (int i = expected; i < fields.size(); i++) {
                if (!fields.get(i).isBlank()) {
                    return RowOutcome.reject(ReasonCode.WRONG_COLUMN_COUNT, fields.size() + " fields, header has " + expected);
                }
            }
        } else if (fields.size() < expected) {
            for (int i = fields.size(); i < expected; i++) {
                if (!layout.optional().contains(i)) {
                    return RowOutcome.reject(ReasonCode.WRONG_COLUMN_COUNT, fields.size() + " fields, header has " + expected);
                }
            }
        }
        return null;
    }
}
