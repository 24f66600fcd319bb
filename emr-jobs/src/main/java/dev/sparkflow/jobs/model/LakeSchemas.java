package dev.sparkflow.jobs.model;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * Spark schemas of the validated, quarantine and curated zones, and the conversion of parsed records into
 * rows. Dates are java.time values: sessions run with spark.sql.datetime.java8API.enabled (see SparkSessions).
 */
public final class LakeSchemas {
    /** Money is kept exactly: 18 digits, 2 decimals. */
    public static final DataType MONEY = DataTypes.createDecimalType(18, 2);
    /** An exchange rate as banks state it (up to 10 decimals). */
    public static final DataType FX_RATE = DataTypes.createDecimalType(20, 10);

    /** Where a row came from; the batch is the {@code batch_id=} folder the rows are written to. */
    private static final List<StructField> PROVENANCE = List.of(
            field("source_file", DataTypes.StringType, false),
            field("file_sha256", DataTypes.StringType, false),
            field("line_number", DataTypes.IntegerType, false));

    /** Rejected rows; the batch id is a column too so queries across batches need no path parsing. */
    public static final StructType QUARANTINE = struct(List.of(
            field("batch_id", DataTypes.StringType, false),
            field("source_file", DataTypes.StringType, false),
            field("file_sha256", DataTypes.StringType, false),
            field("line_number", DataTypes.IntegerType, false),
            field("raw_text", DataTypes.StringType, true),
            field("reason_code", DataTypes.StringType, false),
            field("reason_detail", DataTypes.StringType, true)));

    /**
     * Earlier quarantine entries a replay settled, keyed as the entry (batch, file sha256, line): {@code outcome}
     * {@code resolved} (the line now passes or is a named non-data line) or {@code superseded} (it still fails, for
     * {@code reason_code_now}, under the replay's own new entry); quarantine/ itself is never rewritten.
     */
    public static final StructType QUARANTINE_RESOLUTIONS = struct(List.of(
            field("batch_id", DataTypes.StringType, false),
            field("source_file", DataTypes.StringType, false),
            field("file_sha256", DataTypes.StringType, false),
            field("line_number", DataTypes.IntegerType, false),
            field("reason_code", DataTypes.StringType, false),
            field("resolved_by_batch", DataTypes.StringType, false),
            field("outcome", DataTypes.StringType, false),
            field("reason_code_now", DataTypes.StringType, true)));

    /** Where a curated row came from, then its partition columns: the last columns of every curated dataset. */
    private static final List<StructField> CURATED_TAIL = List.of(
            field("batch_id", DataTypes.StringType, false),
            field("source_file", DataTypes.StringType, false),
            field("line_number", DataTypes.IntegerType, false),
            field("year", DataTypes.IntegerType, false),
            field("month", DataTypes.IntegerType, false));

    /** A transaction's columns before its text, validated and curated alike: account, dates, amount, currency. */
    private static final List<StructField> TRANSACTION_HEAD = List.of(
            field("account_id", DataTypes.StringType, false),
            field("booking_date", DataTypes.DateType, false),
            field("value_date", DataTypes.DateType, true),
            field("amount", MONEY, false),
            field("currency", DataTypes.StringType, false));

    /** A transaction's columns after its text and labels, validated and curated alike. */
    private static final List<StructField> TRANSACTION_TAIL = List.of(
            field("reference", DataTypes.StringType, true),
            field("occurrence", DataTypes.IntegerType, false),
            field("status", DataTypes.StringType, false),
            field("original_amount", MONEY, true),
            field("original_currency", DataTypes.StringType, true),
            field("fx_rate", FX_RATE, true),
            field("counterparty_iban", DataTypes.StringType, true),
            field("transaction_code", DataTypes.StringType, true),
            field("end_to_end_id", DataTypes.StringType, true));

    /** Where a curated transaction's category came from ({@link CategorySource}) and the learned model's confidence. */
    private static final List<StructField> CATEGORY_PROVENANCE = List.of(
            field("category_source", DataTypes.StringType, true),
            field("category_confidence", DataTypes.DoubleType, true));

    /** Curated transactions, partitioned by year/month of booking date. */
    public static final StructType CURATED_TRANSACTIONS = curated(concat(
            List.of(field("transaction_id", DataTypes.StringType, false)),
            TRANSACTION_HEAD,
            List.of(field("direction", DataTypes.StringType, false),
                    field("description", DataTypes.StringType, false),
                    field("merchant", DataTypes.StringType, false),
                    field("category", DataTypes.StringType, false),
                    field("is_transfer", DataTypes.BooleanType, false),
                    field("transfer_account_id", DataTypes.StringType, true)),
            TRANSACTION_TAIL,
            CATEGORY_PROVENANCE));

    /** The columns of a balance (an account's balance at the end of a day), validated and curated alike. */
    private static final List<StructField> BALANCE = List.of(
            field("account_id", DataTypes.StringType, false),
            field("balance_date", DataTypes.DateType, false),
            field("balance", MONEY, false),
            field("currency", DataTypes.StringType, false));

    /** Curated balances, one per account and day, partitioned by year/month of the balance date. */
    public static final StructType CURATED_BALANCES = curated(BALANCE);

    /** The columns of a budget (an amount for a month and category), validated and curated alike. */
    private static final List<StructField> BUDGET = List.of(
            field("budget_month", DataTypes.DateType, false),
            field("category", DataTypes.StringType, false),
            field("amount", MONEY, false),
            field("currency", DataTypes.StringType, false));

    /** Curated budgets, one per month and category. */
    public static final StructType CURATED_BUDGETS = curated(BUDGET);

    /** Units and unit prices: fractional shares and fund prices carry more decimals than money. */
    public static final DataType QUANTITY = DataTypes.createDecimalType(24, 6);

    /** The columns of a holding (a position of an investment account on a date), validated and curated alike. */
    private static final List<StructField> HOLDING = List.of(
            field("account_id", DataTypes.StringType, false),
            field("as_of", DataTypes.DateType, false),
            field("security_id", DataTypes.StringType, false),
            field("security_name", DataTypes.StringType, true),
            field("units", QUANTITY, false),
            field("unit_price", QUANTITY, true),
            field("market_value", MONEY, true),
            field("currency", DataTypes.StringType, false));

    /** Curated holdings, one per account, day and security, partitioned by year/month of the as-of date. */
    public static final StructType CURATED_HOLDINGS = curated(HOLDING);

    /** The columns of a reference exchange rate: {@code rate} units of quote_currency per one base_currency. */
    private static final List<StructField> FX_RATE_COLUMNS = List.of(
            field("rate_date", DataTypes.DateType, false),
            field("base_currency", DataTypes.StringType, false),
            field("quote_currency", DataTypes.StringType, false),
            field("rate", FX_RATE, false));

    /** Curated exchange rates, one per day and currency pair, partitioned by year/month of the rate date. */
    public static final StructType CURATED_FX_RATES = curated(FX_RATE_COLUMNS);

    /** The curated schema of a dataset, partition columns (year, month) last. */
    public static StructType curated(LakeDataset dataset) {
        return switch (dataset) {
            case TRANSACTIONS -> CURATED_TRANSACTIONS;
            case BALANCES -> CURATED_BALANCES;
            case BUDGETS -> CURATED_BUDGETS;
            case HOLDINGS -> CURATED_HOLDINGS;
            case FX_RATES -> CURATED_FX_RATES;
        };
    }

    /** The owner's accounts (reference table from config/accounts.yml). */
    public static final StructType ACCOUNTS = struct(List.of(
            field("account_id", DataTypes.StringType, false),
            field("account_name", DataTypes.StringType, false),
            field("institution", DataTypes.StringType, true),
            field("account_type", DataTypes.StringType, true),
            field("currency", DataTypes.StringType, true)));

    /** Categories in rule order (reference table from config/categories.yml). */
    public static final StructType CATEGORIES = struct(List.of(
            field("category", DataTypes.StringType, false),
            field("rule_order", DataTypes.IntegerType, false),
            field("direction", DataTypes.StringType, false),
            field("is_spending", DataTypes.BooleanType, false)));

    /** Partition columns of every curated dataset. */
    public static final List<String> CURATED_PARTITIONS = List.of("year", "month");

    private LakeSchemas() {
    }

    /** The validated-zone schema of a dataset: provenance columns then the record's fields. */
    public static StructType validated(LakeDataset dataset) {
        List<StructField> fields = new ArrayList<>(PROVENANCE);
        switch (dataset) {
            case TRANSACTIONS -> fields.addAll(concat(TRANSACTION_HEAD,
                    List.of(field("description", DataTypes.StringType, false)), TRANSACTION_TAIL));
            case BALANCES -> fields.addAll(BALANCE);
            case BUDGETS -> fields.addAll(BUDGET);
            case HOLDINGS -> fields.addAll(HOLDING);
            case FX_RATES -> fields.addAll(FX_RATE_COLUMNS);
        }
        return struct(fields);
    }

    /** A validated record as a row of {@link #validated}. */
    public static Row row(String sourceFile, String sha256, LakeRecord record) {
        Object[] head = {sourceFile, sha256, record.lineNumber()};
        Object[] tail;
        if (record instanceof TransactionRecord t) {
            TransactionRecord.Original o = t.original();
            tail = new Object[]{t.accountId(), t.bookingDate(), t.valueDate(), t.amount(), t.currency(),
                    t.description(), t.reference(), t.occurrence(), t.status(), o == null ? null : o.amount(),
                    o == null ? null : o.currency(), o == null ? null : o.rate(),
                    t.bank() == null ? null : t.bank().counterpartyIban(),
                    t.bank() == null ? null : t.bank().transactionCode(),
                    t.bank() == null ? null : t.bank().endToEndId()};
        } else if (record instanceof BalanceRecord b) {
            tail = new Object[]{b.accountId(), b.balanceDate(), b.balance(), b.currency()};
        } else if (record instanceof BudgetRecord b) {
            tail = new Object[]{b.month(), b.category(), b.amount(), b.currency()};
        } else if (record instanceof HoldingRecord h) {
            tail = new Object[]{h.accountId(), h.asOf(), h.securityId(), h.securityName(), h.units(), h.unitPrice(),
                    h.marketValue(), h.currency()};
        } else if (record instanceof FxRateRecord f) {
            tail = new Object[]{f.rateDate(), f.baseCurrency(), f.quoteCurrency(), f.rate()};
        } else {
            throw new IllegalArgumentException("unknown record " + record.getClass());
        }
        Object[] all = new Object[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return RowFactory.create(all);
    }

    /** A rejection as a row of {@link #QUARANTINE}. */
    public static Row row(String batchId, String sourceFile, String sha256, Rejection r) {
        return RowFactory.create(batchId, sourceFile, sha256, r.lineNumber(), r.rawText(), r.reason().name(),
                r.detail());
    }

    /** A settled quarantine entry as a row of {@link #QUARANTINE_RESOLUTIONS}. */
    public static Row row(Resolution r) {
        QuarantineEntry e = r.entry();
        return RowFactory.create(e.batchId(), e.sourceFile(), e.sha256(), e.lineNumber(), e.reasonCode(),
                r.resolvedByBatch(), r.outcome(), r.reasonCodeNow());
    }

    /** A curated schema: the dataset's own columns, then provenance and partition columns. */
    private static StructType curated(List<StructField> own) {
        List<StructField> all = new ArrayList<>(own);
        all.addAll(CURATED_TAIL);
        return struct(all);
    }

    @SafeVarargs
    private static List<StructField> concat(List<StructField>... parts) {
        List<StructField> all = new ArrayList<>();
        for (List<StructField> part : parts) all.addAll(part);
        return all;
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    private static StructType struct(List<StructField> fields) {
        return DataTypes.createStructType(fields);
    }
}
