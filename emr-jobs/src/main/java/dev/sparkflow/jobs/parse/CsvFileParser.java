package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.HeaderNames;
import dev.sparkflow.jobs.model.Dataset;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ReasonCode;

import java.util.ArrayList;
import java.util.List;

/** Reads the rows of a CSV file whose layout is known: structure first, then the dataset's field rules. */
final class CsvFileParser {
    /** No bank export line is this long; longer lines are corrupt or hostile. */
    static final int MAX_LINE = 4096;

    private CsvFileParser() {
    }

    static RowBuilder builderFor(Dataset dataset) {
        return switch (dataset) {
            case TRANSACTIONS -> new TransactionRows();
            case BALANCES -> new BalanceRows();
            case BUDGETS -> new BudgetRows();
        };
    }

    /** Classifies every line after the preamble and returns the tally of the file. */
    static Tally parse(FileInput input, DecodedText text, RowContext ctx) {
        Tally tally = new Tally(input);
        CsvLayout layout = ctx.layout();
        List<String> header = LayoutResolver.normalised(layout.header());
        RowBuilder builder = builderFor(input.dataset());
        List<LakeRecord> pending = new ArrayList<>();
        for (DecodedText.Line line : text.lines()) {
            int index = line.number() - 1;
            if (line.isBlank()) {
                tally.skip("blank");
            } else if (index < layout.headerLine()) {
                tally.skip("preamble");
            } else if (index == layout.headerLine()) {
                tally.skip("header");
            } else {
                classify(line, layout, header, builder, ctx, tally, pending);
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

    private static void classify(DecodedText.Line line, CsvLayout layout, List<String> header, RowBuilder builder,
                                 RowContext ctx, Tally tally, List<LakeRecord> pending) {
        String raw = line.text();
        CsvSplitter.Split split = CsvSplitter.split(raw, layout.delimiter());
        if (layout.footer().matcher(split.ok() && !split.fields().isEmpty() ? split.fields().get(0) : raw).find()
                && !looksLikeRow(split, layout)) {
            tally.skip("footer");
            return;
        }
        tally.read();
        RowOutcome outcome = structure(line, split, layout, header);
        if (outcome == null) {
            outcome = builder.build(split.fields(), line.number(), ctx);
        }
        if (outcome.ok()) {
            pending.add(outcome.record());
        } else {
            tally.reject(line.number(), raw, outcome.reason(), outcome.detail());
        }
    }

    /** Null when the line is structurally a row of this table, else why it is not. */
    private static RowOutcome structure(DecodedText.Line line, CsvSplitter.Split split, CsvLayout layout,
                                        List<String> header) {
        String raw = line.text();
        if (line.badEncoding()) return RowOutcome.reject(ReasonCode.BAD_ENCODING, "not valid in the file's encoding");
        if (raw.length() > MAX_LINE) return RowOutcome.reject(ReasonCode.LINE_TOO_LONG, raw.length() + " characters");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return RowOutcome.reject(ReasonCode.CONTROL_CHARACTERS, String.format("U+%04X at column %d", (int) c, i + 1));
            }
        }
        if (!split.ok()) return RowOutcome.reject(split.error(), null);
        List<String> fields = split.fields();
        if (fields.size() >= header.size() - 1 && !fields.isEmpty()
                && HeaderNames.normalise(fields.get(0)).equals(header.get(0))
                && LayoutResolver.sameHeader(LayoutResolver.normalised(fields), header)) {
            return RowOutcome.reject(ReasonCode.REPEATED_HEADER, null);
        }
        int expected = layout.header().size();
        boolean trailingExtra = fields.size() == expected + 1 && fields.get(expected).isEmpty();
        boolean trailingMissing = fields.size() == expected - 1 && layout.header().get(expected - 1).isBlank();
        if (fields.size() != expected && !trailingExtra && !trailingMissing) {
            return RowOutcome.reject(ReasonCode.WRONG_COLUMN_COUNT, fields.size() + " fields, header has " + expected);
        }
        return null;
    }

    /** A summary line never carries a valid date in the date column. */
    private static boolean looksLikeRow(CsvSplitter.Split split, CsvLayout layout) {
        if (!split.ok() || layout.dates() == null || !layout.has("date")) return false;
        return layout.dates().parse(layout.field(split.fields(), "date")).ok();
    }
}
