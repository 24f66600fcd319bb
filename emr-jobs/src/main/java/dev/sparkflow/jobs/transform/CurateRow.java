package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.model.LakeSchemas;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * One transaction on its way through curate. Plain fields of primitives and strings (not a record, not
 * java.time) so Kryo moves it through the shuffle cheaply; rows are built once, at the end.
 */
public final class CurateRow implements Serializable {
    /** Marks "no value date": the field is a primitive to keep the shuffle lean. */
    static final int NO_DATE = Integer.MIN_VALUE;

    String id;
    String accountId;
    int epochDay;
    int valueEpochDay = NO_DATE;
    long cents;
    String currency;
    String description;
    String reference;
    int occurrence;
    /** Booked, or pending: not yet on the statement, superseded by its booked row (see CurateTransactions). */
    boolean pending;
    /** The amount before conversion, its currency and the rate, when the file states them (else null). */
    BigDecimal originalAmount;
    String originalCurrency;
    BigDecimal fxRate;
    /** What the statement says besides the text: counterparty IBAN, transaction code, end-to-end id (else null). */
    String counterpartyIban;
    String transactionCode;
    String endToEndId;
    String batchId;
    String sourceFile;
    int lineNumber;
    /** 0: already curated, 1: new in this batch; the earlier one wins among duplicates. */
    int origin;
    /** A copy sent to the neighbouring month only so transfers across the month end can pair. */
    boolean ghost;

    /** A transaction validated in this batch. */
    public static CurateRow fresh(TransactionRecord t, String batchId, String sourceFile) {
        CurateRow c = new CurateRow();
        c.accountId = t.accountId();
        c.epochDay = (int) t.bookingDate().toEpochDay();
        c.valueEpochDay = t.valueDate() == null ? NO_DATE : (int) t.valueDate().toEpochDay();
        c.cents = t.amount().movePointRight(2).longValueExact();
        c.currency = t.currency();
        c.description = t.description();
        c.reference = t.reference();
        c.occurrence = t.occurrence();
        c.pending = TransactionRecord.PENDING.equals(t.status());
        if (t.original() != null) {
            c.originalAmount = t.original().amount();
            c.originalCurrency = t.original().currency();
            c.fxRate = t.original().rate();
        }
        if (t.bank() != null) {
            c.counterpartyIban = t.bank().counterpartyIban();
            c.transactionCode = t.bank().transactionCode();
            c.endToEndId = t.bank().endToEndId();
        }
        c.batchId = batchId;
        c.sourceFile = sourceFile;
        c.lineNumber = t.lineNumber();
        c.origin = 1;
        c.id = TransactionIds.of(c.accountId, t.bookingDate(), t.amount(), c.currency, c.description, c.reference,
                c.occurrence);
        return c;
    }

    /** A row of the validated zone (when ingest ran as a separate step). */
    public static CurateRow fromValidated(Row r) {
        return fresh(new TransactionRecord(r.getAs("line_number"), r.getAs("account_id"), date(r.getAs("booking_date")),
                date(r.getAs("value_date")), r.getAs("amount"), r.getAs("currency"), r.getAs("description"),
                r.getAs("reference"), r.getAs("occurrence"), r.getAs("status"), original(r),
                TransactionRecord.Bank.of(r.getAs("counterparty_iban"), r.getAs("transaction_code"),
                        r.getAs("end_to_end_id"))), r.getAs("batch_id"),
                r.getAs("source_file"));
    }

    /** A row already curated in one of the months this batch touches. */
    public static CurateRow fromCurated(Row r) {
        CurateRow c = new CurateRow();
        c.id = r.getAs("transaction_id");
        c.accountId = r.getAs("account_id");
        c.epochDay = (int) date(r.getAs("booking_date")).toEpochDay();
        LocalDate valueDate = date(r.getAs("value_date"));
        c.valueEpochDay = valueDate == null ? NO_DATE : (int) valueDate.toEpochDay();
        c.cents = r.<BigDecimal>getAs("amount").movePointRight(2).longValueExact();
        c.currency = r.getAs("currency");
        c.description = r.getAs("description");
        c.reference = r.getAs("reference");
        c.occurrence = r.getAs("occurrence");
        c.pending = TransactionRecord.PENDING.equals(r.getAs("status"));
        c.originalAmount = r.getAs("original_amount");
        c.originalCurrency = r.getAs("original_currency");
        c.fxRate = r.getAs("fx_rate");
        c.counterpartyIban = r.getAs("counterparty_iban");
        c.transactionCode = r.getAs("transaction_code");
        c.endToEndId = r.getAs("end_to_end_id");
        c.batchId = r.getAs("batch_id");
        c.sourceFile = r.getAs("source_file");
        c.lineNumber = r.getAs("line_number");
        c.origin = 0;
        return c;
    }

    /** The same transaction marked as a ghost for the neighbouring month. */
    CurateRow asGhost() {
        CurateRow g = copy();
        g.ghost = true;
        return g;
    }

    /** "out" for money going out, else "in". */
    String direction() {
        return cents < 0 ? "out" : "in";
    }

    LocalDate bookingDate() {
        return LocalDate.ofEpochDay(epochDay);
    }

    /** Months since year 0, the shuffle key: year * 12 + month - 1. */
    int monthIndex() {
        LocalDate d = bookingDate();
        return d.getYear() * 12 + d.getMonthValue() - 1;
    }

    /**
     * The curated row (schema {@code LakeSchemas.CURATED_TRANSACTIONS}) in Spark's internal form, so the write takes it as
     * it is: no encoder pass over every field of every row (measured: that pass cost more than the curate logic).
     * Strings that repeat from row to row (account, currency, category, file, batch...) are encoded once per partition.
     */
    InternalRow toInternalRow(String merchant, CategoryLabels.Label label, String counterpart,
                              String neutralisedDescription, Utf8Cache utf8) {
        LocalDate date = bookingDate();
        return new GenericInternalRow(new Object[]{
                UTF8String.fromString(id), utf8.of(accountId), epochDay, valueEpochDay == NO_DATE ? null : valueEpochDay,
                Decimal.createUnsafe(cents, MONEY.precision(), MONEY.scale()), utf8.of(currency), utf8.of(direction()),
                UTF8String.fromString(neutralisedDescription), utf8.of(merchant), utf8.of(label.category()), counterpart != null,
                utf8.of(counterpart), UTF8String.fromString(reference), occurrence,
                utf8.of(pending ? TransactionRecord.PENDING : TransactionRecord.BOOKED), decimal(originalAmount, MONEY),
                utf8.of(originalCurrency), decimal(fxRate, FX_RATE), UTF8String.fromString(counterpartyIban),
                utf8.of(transactionCode), UTF8String.fromString(endToEndId), utf8.of(label.source()), label.confidence(),
                utf8.of(batchId), utf8.of(sourceFile),
                lineNumber, date.getYear(), date.getMonthValue()});
    }

    private static final DecimalType MONEY = (DecimalType) LakeSchemas.MONEY, FX_RATE = (DecimalType) LakeSchemas.FX_RATE;

    /** As Spark's encoder stores a BigDecimal in a decimal column: null when it does not fit. */
    private static Decimal decimal(BigDecimal value, DecimalType type) {
        if (value == null) return null;
        Decimal d = Decimal.apply(value);
        return d.changePrecision(type.precision(), type.scale()) ? d : null;
    }

    /** UTF-8 forms of the strings that repeat within a partition, each encoded once. */
    static final class Utf8Cache {
        private final Map<String, UTF8String> encoded = new HashMap<>();

        UTF8String of(String s) {
            return s == null ? null : encoded.computeIfAbsent(s, UTF8String::fromString);
        }
    }

    private CurateRow copy() {
        CurateRow c = new CurateRow();
        c.id = id;
        c.accountId = accountId;
        c.epochDay = epochDay;
        c.valueEpochDay = valueEpochDay;
        c.cents = cents;
        c.currency = currency;
        c.description = description;
        c.reference = reference;
        c.occurrence = occurrence;
        c.pending = pending;
        c.originalAmount = originalAmount;
        c.originalCurrency = originalCurrency;
        c.fxRate = fxRate;
        c.counterpartyIban = counterpartyIban;
        c.transactionCode = transactionCode;
        c.endToEndId = endToEndId;
        c.batchId = batchId;
        c.sourceFile = sourceFile;
        c.lineNumber = lineNumber;
        c.origin = origin;
        c.ghost = ghost;
        return c;
    }

    private static TransactionRecord.Original original(Row r) {
        String currency = r.getAs("original_currency");
        return currency == null ? null
                : new TransactionRecord.Original(r.getAs("original_amount"), currency, r.getAs("fx_rate"));
    }

    private static LocalDate date(Object value) {
        return value == null ? null : value instanceof LocalDate d ? d : ((Date) value).toLocalDate();
    }
}
