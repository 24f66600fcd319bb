package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ReasonCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates balance snapshots: date, account, amount (may be negative: a card or overdraft), currency. */
final class BalanceRows implements RowBuilder {

    @Override
    public RowOutcome build(List<String> f, int line, RowContext ctx) {
        CsvLayout layout = ctx.layout();
        DateFormat.Result date = ctx.date(f);
        if (!date.ok()) return RowOutcome.reject(date.error(), "date '" + layout.field(f, "date") + "'");
        AmountParser.Result balance = AmountParser.parse(layout.field(f, "balance"), layout.numbers());
        if (!balance.ok()) return RowOutcome.reject(balance.error(), "balance '" + layout.field(f, "balance") + "'");
        Holding holding = Holding.of(f, ctx, balance.value(), null);
        if (!holding.ok()) return holding.rejection();
        return RowOutcome.valid(new BalanceRecord(line, holding.account().id(), date.value(),
                balance.value().setScale(2), holding.currency()));
    }

    /** One balance per account and day in a file; a second one is ambiguous and quarantined. */
    @Override
    public List<RowOutcome> finish(List<LakeRecord> records) {
        Set<String> seen = new HashSet<>();
        List<RowOutcome> out = new ArrayList<>();
        for (LakeRecord r : records) {
            BalanceRecord b = (BalanceRecord) r;
            out.add(seen.add(b.accountId() + "|" + b.balanceDate()) ? RowOutcome.valid(b)
                    : RowOutcome.reject(b, ReasonCode.DUPLICATE_KEY, b.accountId() + " on " + b.balanceDate()));
        }
        return out;
    }
}
