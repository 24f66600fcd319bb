package dev.sparkflow.jobs.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One validated monthly budget for a category; {@code month} is the first day of the month. */
public record BudgetRecord(int lineNumber, LocalDate month, String category, BigDecimal amount, String currency)
        implements LakeRecord {
    @Override
    public LocalDate date() {
        return month;
    }

    @Override
    public LakeDataset dataset() {
        return LakeDataset.BUDGETS;
    }
}
