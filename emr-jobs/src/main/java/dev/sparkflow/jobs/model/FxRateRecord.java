package dev.sparkflow.jobs.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One reference exchange rate: {@code rate} units of {@code quoteCurrency} buy one {@code baseCurrency} on a day. */
public record FxRateRecord(int lineNumber, LocalDate rateDate, String baseCurrency, String quoteCurrency,
                           BigDecimal rate) implements LakeRecord {
    @Override
    public LocalDate date() {
        return rateDate;
    }

    @Override
    public LakeDataset dataset() {
        return LakeDataset.FX_RATES;
    }
}
