package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.CategoryRules;
import dev.sparkflow.jobs.io.LakeSchemas;
import dev.sparkflow.jobs.parse.TextGuard;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

/**
 * Curate for transactions: new validated rows plus the curated rows already in the touched months become the
 * months' new content: ids, merchants, categories, transfers, with overlapping-export duplicates dropped.
 * One shuffle (by month) serves both de-duplication and transfer matching; rows near a month boundary are
 * also sent to the neighbouring month as "ghosts" so transfers across the boundary still pair.
 */
public final class CurateTransactions {
    private static final StructType CURATED = LakeSchemas.CURATED_TRANSACTIONS;
    /** Curated columns plus: origin (0 already curated, 1 new), ghost flag, month index (year * 12 + month - 1). */
    static final StructType WORK = CURATED
            .add("origin", DataTypes.IntegerType, false)
            .add("ghost", DataTypes.BooleanType, false)
            .add("pkey", DataTypes.IntegerType, false);
    private static final int ID = at("transaction_id"), ACCOUNT = at("account_id"), DATE = at("booking_date"),
            AMOUNT = at("amount"), CURRENCY = at("currency"), DESCRIPTION = at("description"),
            MERCHANT = at("merchant"), CATEGORY = at("category"), TRANSFER = at("is_transfer"),
            COUNTERPART = at("transfer_account_id"), BATCH = at("batch_id"), FILE = at("source_file"),
            LINE = at("line_number"), REFERENCE = at("reference"), OCCURRENCE = at("occurrence"), ORIGIN = CURATED.size(), GHOST = ORIGIN + 1;

    private CurateTransactions() {
    }

    /**
     * @param validated rows of the validated zone for this batch
     * @param existing  curated rows of the months this batch touches (null when there are none)
     * @param months    how many months are touched: the shuffle's partition count
     */
    public static Dataset<Row> apply(Dataset<Row> validated, Dataset<Row> existing, CategoryRules rules,
                                     int windowDays, int months, LongAccumulator duplicatesDropped) {
        Dataset<Row> fresh = validated.select(
                lit(null).cast("string").as("transaction_id"), col("account_id"), col("booking_date"),
                col("value_date"), col("amount"), col("currency"),
                when(col("amount").lt(0), "out").otherwise("in").as("direction"), col("description"),
                lit("").as("merchant"), lit("").as("category"), lit(false).as("is_transfer"),
                lit(null).cast("string").as("transfer_account_id"), col("reference"), col("occurrence"),
                col("batch_id"), col("source_file"), col("line_number"),
                year(col("booking_date")).as("year"), month(col("booking_date")).as("month"), lit(1).as("origin"));
        Dataset<Row> all = existing == null ? fresh
                : fresh.unionByName(existing.select(columns(CURATED)).withColumn("origin", lit(0)));
        return all.withColumn("k", explode(monthKeys(windowDays))).where(col("k").isNotNull())
                .select(columns(WORK))
                .repartition(Math.max(1, months), col("pkey"))
                .mapPartitions(curateMonths(new MerchantCleaner(rules), new Categoriser(rules), windowDays,
                        duplicatesDropped), Encoders.row(CURATED));
    }

    /**
     * The month a row belongs to, plus ghost entries for the neighbouring month when the row lies within the
     * transfer window of the boundary.
     */
    static Column monthKeys(int windowDays) {
        String index = "(year * 12 + month - 1)";
        return expr("array("
                + "named_struct('pkey', " + index + ", 'ghost', false), "
                + "if(dayofmonth(booking_date) <= " + windowDays + ", named_struct('pkey', " + index + " - 1, 'ghost', true), null), "
                + "if(dayofmonth(booking_date) > dayofmonth(last_day(booking_date)) - " + windowDays
                + ", named_struct('pkey', " + index + " + 1, 'ghost', true), null))");
    }

    private static Column[] columns(StructType schema) {
        return Arrays.stream(schema.fieldNames())
                .map(name -> name.equals("pkey") || name.equals("ghost") ? col("k." + name).as(name) : col(name))
                .toArray(Column[]::new);
    }

    /** Per shuffle partition: drop duplicate ids (first seen wins), pair transfers, clean merchants, categorise. */
    static MapPartitionsFunction<Row, Row> curateMonths(MerchantCleaner merchants, Categoriser categoriser,
                                                         int windowDays, LongAccumulator dropped) {
        return rows -> {
            Map<String, Row> real = new HashMap<>(), ghosts = new HashMap<>();
            Comparator<Row> firstSeen = Comparator.<Row>comparingInt(r -> r.getInt(ORIGIN))
                    .thenComparing(r -> r.getString(BATCH))
                    .thenComparing(r -> r.getString(FILE))
                    .thenComparingInt(r -> r.getInt(LINE));
            long duplicates = 0;
            while (rows.hasNext()) {
                Row r = withId(rows.next());
                boolean ghost = r.getBoolean(GHOST);
                Map<String, Row> into = ghost ? ghosts : real;
                Row before = into.putIfAbsent(r.getString(ID), r);
                if (before != null) {
                    if (!ghost) duplicates++;
                    if (firstSeen.compare(r, before) < 0) into.put(r.getString(ID), r);
                }
            }
            if (dropped != null) dropped.add(duplicates);
            List<Row> realRows = new ArrayList<>(real.values());
            List<TransferMatcher.Candidate> candidates = new ArrayList<>(real.size() + ghosts.size());
            for (Row r : realRows) candidates.add(candidate(r));
            for (Row r : ghosts.values()) candidates.add(candidate(r));
            String[] counterpart = TransferMatcher.match(candidates, windowDays);
            Labeller labeller = new Labeller(merchants, categoriser);
            List<Row> out = new ArrayList<>(realRows.size());
            for (int i = 0; i < realRows.size(); i++) {
                out.add(finish(realRows.get(i), counterpart[i], labeller));
            }
            return out.iterator();
        };
    }

    /** New rows get their id here, after the shuffle, so it is computed once and never shipped. */
    private static Row withId(Row r) {
        if (!r.isNullAt(ID)) return r;
        Object[] values = new Object[r.length()];
        for (int i = 0; i < values.length; i++) values[i] = r.get(i);
        values[ID] = TransactionIds.of(r.getString(ACCOUNT), localDate(r.get(DATE)), r.getDecimal(AMOUNT),
                r.getString(CURRENCY), r.getString(DESCRIPTION), r.getString(REFERENCE), r.getInt(OCCURRENCE));
        return RowFactory.create(values);
    }

    private static LocalDate localDate(Object date) {
        return date instanceof LocalDate d ? d : ((Date) date).toLocalDate();
    }

    private static TransferMatcher.Candidate candidate(Row r) {
        return new TransferMatcher.Candidate(r.getString(ID), r.getString(ACCOUNT), localDate(r.get(DATE)).toEpochDay(),
                r.getDecimal(AMOUNT).unscaledValue().longValueExact(), r.getString(CURRENCY));
    }

    private static Row finish(Row r, String counterpart, Labeller labeller) {
        Object[] values = new Object[CURATED.size()];
        for (int i = 0; i < values.length; i++) values[i] = r.get(i);
        String description = r.getString(DESCRIPTION);
        String[] labels = labeller.labels(description);
        values[DESCRIPTION] = TextGuard.neutralise(description);
        values[MERCHANT] = TextGuard.neutralise(labels[0]);
        values[CATEGORY] = counterpart != null ? Categoriser.TRANSFER
                : r.getDecimal(AMOUNT).signum() < 0 ? labels[1] : labels[2];
        values[TRANSFER] = counterpart != null;
        values[COUNTERPART] = counterpart;
        return RowFactory.create(values);
    }

    /** Merchant and categories per description, cached per partition: descriptions repeat (subscriptions, groceries). */
    private static final class Labeller {
        private final MerchantCleaner merchants;
        private final Categoriser categoriser;
        private final Map<String, String[]> byDescription = new HashMap<>();

        Labeller(MerchantCleaner merchants, Categoriser categoriser) {
            this.merchants = merchants;
            this.categoriser = categoriser;
        }

        /** {merchant, category when money goes out, category when money comes in}. */
        String[] labels(String description) {
            return byDescription.computeIfAbsent(description, d -> {
                String merchant = merchants.clean(d);
                return new String[]{merchant,
                        categoriser.categorise(merchant, d, BigDecimal.ONE.negate(), false),
                        categoriser.categorise(merchant, d, BigDecimal.ONE, false)};
            });
        }
    }

    private static int at(String column) {
        return CURATED.fieldIndex(column);
    }
}
