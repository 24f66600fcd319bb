package dev.sparkflow.jobs.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One validated transaction as read from an export: signed amount (money out negative), ISO currency, and
 * {@code status} booked or pending (a pending row is not yet on the statement: kept apart from balances and marts).
 * {@code occurrence} numbers identical rows within one file (1, 2, ...) so that two genuinely equal
 * purchases stay two rows while the same row in an overlapping export is recognised. {@code original} is the
 * amount before the bank converted it into the account's currency, when the file states it (a card payment abroad);
 * {@code bank} what a statement says of the payment besides its text (the counterparty's IBAN, the bank's
 * transaction code, the payer's end-to-end id), when it says it.
 */
public record TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                                BigDecimal amount, String currency, String description, String reference,
                                int occurrence, String status, Original original, Bank bank) implements LakeRecord {
    public static final String BOOKED = "booked", PENDING = "pending";

    /**
     * The amount in the currency the payment was made in, and the rate the bank applied when the file states one
     * (units of the account's currency per unit of the original; null when not stated).
     */
    public record Original(BigDecimal amount, String currency, BigDecimal rate) implements java.io.Serializable {
        /**
         * The original of a {@code booked} amount when the file states only the amount in the original currency: signed
         * like the booked one, with the rate their ratio implies.
         */
        public static Original implied(BigDecimal booked, BigDecimal original, String currency) {
            BigDecimal abs = original.abs().setScale(2, java.math.RoundingMode.HALF_EVEN);
            return new Original(booked.signum() < 0 ? abs.negate() : abs, currency,
                    booked.abs().divide(original.abs(), 10, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros());
        }
    }

    /**
     * The counterparty's IBAN (or account number), the bank's code for the kind of transaction (ISO 20022
     * {@code PMNT-ICDT-ESCT}, a German GVC {@code 166}, a SWIFT {@code NTRF}, an OFX {@code POS}) and the end-to-end id
     * the payer gave; each null when the file does not state it. {@link #of} gives null when none is stated.
     */
    public record Bank(String counterpartyIban, String transactionCode, String endToEndId) implements java.io.Serializable {
        public static Bank of(String counterpartyIban, String transactionCode, String endToEndId) {
            String iban = blankToNull(counterpartyIban), code = blankToNull(transactionCode), e2e = blankToNull(endToEndId);
            return iban == null && code == null && e2e == null ? null : new Bank(iban, code, e2e);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    /** A transaction with its original amount, and nothing stated besides its text. */
    public TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                             BigDecimal amount, String currency, String description, String reference, int occurrence,
                             String status, Original original) {
        this(lineNumber, accountId, bookingDate, valueDate, amount, currency, description, reference, occurrence,
                status, original, null);
    }

    /** A transaction with no original amount stated. */
    public TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                             BigDecimal amount, String currency, String description, String reference, int occurrence,
                             String status) {
        this(lineNumber, accountId, bookingDate, valueDate, amount, currency, description, reference, occurrence,
                status, null, null);
    }

    /** A booked transaction. */
    public TransactionRecord(int lineNumber, String accountId, LocalDate bookingDate, LocalDate valueDate,
                             BigDecimal amount, String currency, String description, String reference, int occurrence) {
        this(lineNumber, accountId, bookingDate, valueDate, amount, currency, description, reference, occurrence, BOOKED);
    }

    public TransactionRecord withOccurrence(int n) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, n, status, original, bank);
    }

    public TransactionRecord withAccount(String newAccountId) {
        return new TransactionRecord(lineNumber, newAccountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, status, original, bank);
    }

    public TransactionRecord withStatus(String newStatus) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, newStatus, original, bank);
    }

    public TransactionRecord withOriginal(Original newOriginal) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, status, newOriginal, bank);
    }

    public TransactionRecord withBank(Bank newBank) {
        return new TransactionRecord(lineNumber, accountId, bookingDate, valueDate, amount, currency, description,
                reference, occurrence, status, original, newBank);
    }

    @Override
    public LocalDate date() {
        return bookingDate;
    }

    @Override
    public LakeDataset dataset() {
        return LakeDataset.TRANSACTIONS;
    }
}
