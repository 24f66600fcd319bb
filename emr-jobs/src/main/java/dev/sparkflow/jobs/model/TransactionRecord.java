package dev.sparkflow.jobs.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One validated transaction as read from an export: signed amount (money out negative), ISO currency, and
 * {@code status} booked or pending (a pending row is not yet on the statement: kept apart from balances and marts).
 * {@code occurrence} numbers identical rows within one file (1, 2, ...) so that two genuinely equal
 * purchases stay two rows while the same row in an overlapping export is recognised.
 */
public record TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                                BigDecimal amount, String currency, String description, String reference,
                                int occurrence, String status) implements LakeRecord {
    public static final String BOOKED = "booked", PENDING = "pending";

    /** A booked transaction. */
    public TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                             BigDecimal amount, String currency, String description, String reference, int occurrence) {
        this(lineNumber, accountId, bookingDate, valueDate, amount, currency, description, reference, occurrence, BOOKED);
    }

    public TransactionRecord withOccurrence(int n) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, n, status);
    }

    public TransactionRecord withAccount(String newAccountId) {
        return new TransactionRecord(lineNumber, newAccountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, status);
    }

    public TransactionRecord withStatus(String newStatus) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, newStatus);
    }

    @Override
    public LocalDate date() {
        return bookingDate;
    }

    @Override
    public Dataset dataset() {
        return Dataset.TRANSACTIONS;
    }
}
