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

/** Validates transaction rows: dates, signed amount (single or debit/credit columns), currency, account, text. */
final class TransactionRows implements RowBuilder {

    @Override
    public RowOutcome build(List<String> f, int line, RowContext ctx) {
        CsvLayout layout = ctx.layout();
        DateFormat.Result date = ctx.date(f);
        if (!date.ok()) return RowOutcome.reject(date.error(), "date '" + layout.field(f, "date") + "'");
        LocalDate valueDate = null;
        if (layout.has("value_date") && !layout.field(f, "value_date").isBlank()) {
            DateFormat.Result vd = layout.dates().parse(layout.field(f, "value_date"));
            if (!vd.ok()) return RowOutcome.reject(vd.error(), "value date '" + layout.field(f, "value_date") + "'");
            valueDate = vd.value();
        }
        AmountParser.Result amount = amount(f, layout);
        if (!amount.ok()) return RowOutcome.reject(amount.error(), amountText(f, layout));

        Holding holding = Holding.of(f, ctx, amount.value());
        if (!holding.ok()) return holding.rejection();
        String description = layout.field(f, "description");
        ReasonCode text = TextGuard.check(description);
        if (text != null) return RowOutcome.reject(text, "description");
        BigDecimal signed = layout.inverted() ? amount.value().negate() : amount.value();
        return RowOutcome.valid(new TransactionRecord(line, holding.account().id(), date.value(), valueDate,
                signed.setScale(2), shared(holding.currency()), shared(description.strip()), null, 0));
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
                    t.currency(), t.description(), t.reference(), 0);
            out.add(RowOutcome.valid(t.withOccurrence(seen.merge(key, 1, Integer::sum))));
        }
        return out;
    }

    private static AmountParser.Result amount(List<String> f, CsvLayout layout) {
        if (layout.has("amount")) {
            return AmountParser.parse(layout.field(f, "amount"), layout.numbers());
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
        return new AmountParser.Result(hasDebit ? r.value().abs().negate() : r.value().abs(), null);
    }

    private static boolean isBlankOrZero(String s) {
        String t = s.trim();
        return t.isEmpty() || t.matches("[-+]?0+([.,]0+)?");
    }

    private static String amountText(List<String> f, CsvLayout layout) {
        return layout.has("amount") ? "amount '" + layout.field(f, "amount") + "'"
                : "debit '" + layout.field(f, "debit") + "' credit '" + layout.field(f, "credit") + "'";
    }
}
