package dev.sparkflow.jobs.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One position of an investment account as a statement states it on a date: the security (its id as the statement
 * gives it, an ISIN, CUSIP or ticker, and its name), the units held, the unit price and the market value in
 * {@code currency}. Price and value may be absent when the statement gives only units.
 */
public record HoldingRecord(int lineNumber, String accountId, LocalDate asOf, String securityId, String securityName,
                            BigDecimal units, BigDecimal unitPrice, BigDecimal marketValue, String currency)
        implements LakeRecord {
    @Override
    public LocalDate date() {
        return asOf;
    }

    @Override
    public LakeDataset dataset() {
        return LakeDataset.HOLDINGS;
    }
}
