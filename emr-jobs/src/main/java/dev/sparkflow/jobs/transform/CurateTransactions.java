package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.CategoryRules;
import dev.sparkflow.jobs.io.LakeSchemas;
import dev.sparkflow.jobs.parse.TextGuard;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
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

/**
 * Curate for transactions: new validated rows plus the curated rows already in the touched months become the
 * months' new content: ids, merchants, categories, transfers, with overlapping-export duplicates dropped.
 * One shuffle (by month) does both de-duplication and transfer matching; rows near a month boundary are
 * copied into the neighbouring month as "ghosts" so transfers across the boundary still pair.
 */
public final class CurateTransactions {
    private static final StructType CURATED = LakeSchemas.CURATED_TRANSACTIONS;
    private static final int ID = 0, ACCOUNT = at("account_id"), DATE = at("booking_date"), AMOUNT = at("amount"),
            CURRENCY = at("currency"), DESCRIPTION = at("description"), MERCHANT = at("merchant"),
            CATEGORY = at("category"), TRANSFER = at("is_transfer"), COUNTERPART = at("transfer_account_id"),
            BATCH = at("batch_id"), FILE = at("source_file"), LINE = at("line_number");
    private static final int ORIGIN = CURATED.size(), GHOST = ORIGIN + 1, PKEY = ORIGIN + 2;
    /** Curated columns plus: origin (0 already curated, 1 new), ghost flag, month key. */
    static final StructType WORK = CURATED
            .add("origin", DataTypes.IntegerType, false)
            .add("ghost", DataTypes.BooleanType, false)
            .add("pkey", DataTypes.StringType, false);

    private CurateTransactions() {
    }

    /**
     * @param validated rows of the validated zone for this batch
     * @param existing  curated rows of the months this batch touches (null when there are none)
     * @param months    how many months are touched: the shuffle's partition count
     */
    public static Dataset<Row> apply(Dataset<Row> validated, Dataset<Row> existing, CategoryRules rules,
                                     int windowDays, int months, LongAccumulator duplicatesDropped) {
        MerchantCleaner merchants = new MerchantCleaner(rules);
        Categoriser categoriser = new Categoriser(rules);
        Dataset<Row> fresh = validated.map((MapFunction<Row, Row>) CurateTransactions::prepare, Encoders.row(WORK));
        Dataset<Row> all = existing == null ? fresh
                : fresh.union(existing.select(Arrays.stream(CURATED.fieldNames()).map(functions::col).toArray(Column[]::new))
                .map((MapFunction<Row, Row>) CurateTransactions::fromCurated, Encoders.row(WORK)));
        return all.flatMap(ghosts(windowDays), Encoders.row(WORK))
                .repartition(Math.max(1, months), col("pkey"))
                .mapPartitions(curateMonths(merchants, categoriser, windowDays, duplicatesDropped), Encoders.row(CURATED));
    }

    /** A validated row in the work schema: id and neutralised text; merchant, category and transfer come later. */
    static Row prepare(Row v) {
        String account = v.getAs("account_id");
        LocalDate date = ((Date) v.getAs("booking_date")).toLocalDate();
        BigDecimal amount = v.getAs("amount");
        String currency = v.getAs("currency");
        String description = v.getAs("description");
        String reference = v.getAs("reference");
        int occurrence = v.getAs("occurrence");
        String id = TransactionIds.of(account, date, amount, currency, description, reference, occurrence);
        return RowFactory.create(id, account, v.getAs("booking_date"), v.getAs("value_date"), amount, currency,
                amount.signum() < 0 ? "out" : "in", TextGuard.neutralise(description),
                "", "", false, null, reference, occurrence,
                v.getAs("batch_id"), v.getAs("source_file"), v.getAs("line_number"), date.getYear(),
                date.getMonthValue(), 1, false, monthKey(date));
    }

    static Row fromCurated(Row c) {
        Object[] values = new Object[WORK.size()];
        for (int i = 0; i < CURATED.size(); i++) values[i] = c.get(i);
        values[ORIGIN] = 0;
        values[GHOST] = false;
        values[PKEY] = monthKey(((Date) c.get(DATE)).toLocalDate());
        return RowFactory.create(values);
    }

    /** Each row, plus a ghost copy in the neighbouring month when it lies within the window of the boundary. */
    static FlatMapFunction<Row, Row> ghosts(int windowDays) {
        return r -> {
            LocalDate date = ((Date) r.get(DATE)).toLocalDate();
            List<Row> out = new ArrayList<>(2);
            out.add(r);
            if (date.getDayOfMonth() <= windowDays) out.add(ghost(r, date.minusMonths(1)));
            if (date.getDayOfMonth() > date.lengthOfMonth() - windowDays) out.add(ghost(r, date.plusMonths(1)));
            return out.iterator();
        };
    }

    private static Row ghost(Row r, LocalDate inMonth) {
        Object[] values = new Object[WORK.size()];
        for (int i = 0; i < WORK.size(); i++) values[i] = r.get(i);
        values[GHOST] = true;
        values[PKEY] = monthKey(inMonth);
        return RowFactory.create(values);
    }

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
                Row r = rows.next();
                Map<String, Row> into = r.getBoolean(GHOST) ? ghosts : real;
                Row before = into.putIfAbsent(r.getString(ID), r);
                if (before != null) {
                    if (!r.getBoolean(GHOST)) duplicates++;
                    if (firstSeen.compare(r, before) < 0) into.put(r.getString(ID), r);
                }
            }
            if (dropped != null) dropped.add(duplicates);
            List<TransferMatcher.Candidate> candidates = new ArrayList<>(real.size() + ghosts.size());
            for (Map<String, Row> side : List.of(real, ghosts)) {
                for (Row r : side.values()) {
                    candidates.add(new TransferMatcher.Candidate(r.getString(ID), r.getString(ACCOUNT),
                            ((Date) r.get(DATE)).toLocalDate(), r.getDecimal(AMOUNT), r.getString(CURRENCY)));
                }
            }
            Map<String, String> legs = TransferMatcher.match(candidates, windowDays);
            List<Row> out = new ArrayList<>(real.size());
            for (Row r : real.values()) {
                out.add(finish(r, legs.get(r.getString(ID)), merchants, categoriser));
            }
            return out.iterator();
        };
    }

    private static Row finish(Row r, String counterpart, MerchantCleaner merchants, Categoriser categoriser) {
        Object[] values = new Object[CURATED.size()];
        for (int i = 0; i < CURATED.size(); i++) values[i] = r.get(i);
        String description = r.getString(DESCRIPTION);
        String merchant = TextGuard.neutralise(merchants.clean(description));
        boolean transfer = counterpart != null;
        values[MERCHANT] = merchant;
        values[CATEGORY] = categoriser.categorise(merchant, description, r.getDecimal(AMOUNT), transfer);
        values[TRANSFER] = transfer;
        values[COUNTERPART] = counterpart;
        return RowFactory.create(values);
    }

    private static int at(String column) {
        return CURATED.fieldIndex(column);
    }

    private static String monthKey(LocalDate date) {
        return date.getYear() + "-" + date.getMonthValue();
    }

}
