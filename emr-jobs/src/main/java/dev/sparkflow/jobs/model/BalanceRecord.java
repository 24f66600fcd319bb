package dev.sparkflow.jobs.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One validated balance snapshot of an account on a date. */
public record BalanceRecord(int lineNumber, String accountId, LocalDate balanceDate, BigDecimal balance,
                            String currency) implements LakeRecord {
    @Override
    public LocalDate date() {
        return balanceDate;
    }

    @Override
    public LakeDataset dataset() {
        return LakeDataset.BALANCES;
    }
}
