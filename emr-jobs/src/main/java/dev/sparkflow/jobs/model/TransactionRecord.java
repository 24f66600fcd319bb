package dev.sparkflow.jobs.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One validated transaction as read from an export: signed amount (money out negative), ISO currency, and
 * {@code status} booked or pending (a pending row is not yet on the statement: kept apart from balances and marts).
 * {@code occurrence} numbers identical rows within one file (1, 2, ...) so that two genuinely equal
 * purchases stay two rows while the same row in an overlapping export is recognised. {@code original} is the
 * amount before the bank converted it into the account's currency, when the file states it (a card payment abroad).
 */
public record TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                                BigDecimal amount, String currency, String description, String reference,
                                int occurrence, String status, Original original) implements LakeRecord {
    public static final String BOOKED = "booked", PENDING = "pending";

    /**
     * The amount in the currency the payment was made in, and the rate the bank applied when the file states one
     * (units of the account's currency per unit of the original; null when not stated).
     */
    public record Original(BigDecimal amount, String currency, BigDecimal rate) implements java.io.Serializable {
    }

    /** A transaction with no original amount stated. */
    public TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                             BigDecimal amount, String currency, String description, String reference, int occurrence,
                             String status) {
        this(lineNumber, accountId, bookingDate, valueDate, amount, currency, description, reference, occurrence,
                status, null);
    }

    /** A booked transaction. */
    public TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                             BigDecimal amount, String currency, String description, String reference, int occurrence) {
        this(lineNumber, accountId, bookingDate, valueDate, amount, currency, description, reference, occurrence, BOOKED);
    }

    public TransactionRecord withOccurrence(int n) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, n, status, original);
    }

    public TransactionRecord withAccount(String newAccountId) {
        return new TransactionRecord(lineNumber, newAccountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, status, original);
    }

    public TransactionRecord withStatus(String newStatus) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, newStatus, original);
    }

    public TransactionRecord withOriginal(Original newOriginal) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, status, newOriginal);
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
