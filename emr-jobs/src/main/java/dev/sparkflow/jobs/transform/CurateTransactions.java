package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.CategoryRules;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.CategorySource;
import dev.sparkflow.jobs.model.LakeSchemas;
import dev.sparkflow.jobs.parse.TextGuard;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Curate for transactions: new rows plus the curated rows already in the touched months become the months'
 * new content: merchants, categories, transfers, with overlapping-export duplicates dropped. One shuffle (by
 * month) serves both de-duplication and transfer matching; rows near a month boundary are also sent to the
 * neighbouring month as "ghosts" so transfers across the boundary still pair.
 * Works on {@link CurateRow} objects rather than Dataset rows: the shuffle moves compact objects and rows are
 * encoded once, at the end (measured: the row round trips cost more than the logic itself).
 */
public final class CurateTransactions {

    private CurateTransactions() {
    }

    /**
     * What curate counted while it wrote, in the write's own tasks (Spark applies them once per partition): the
     * curated rows already in the months, the duplicates dropped, the rows written per category, and the rows dropped
     * as another file's row of the same transaction (counted in {@code dropped} too).
     */
    public record Counts(LongAccumulator before, LongAccumulator dropped, KeyCounts byCategory, KeyCounts bySource,
                         CollectionAccumulator<CurateReport.CrossFormatMatch> matches) implements Serializable {
    }

    /**
     * @param fresh    this batch's valid transactions
     * @param existing curated rows of the months this batch touches (null when there are none)
     * @param partitions how many shuffle partitions the touched months are spread over
     * @param counts   filled as the returned rows are written
     */
    public static Dataset<Row> apply(SparkSession spark, JavaRDD<CurateRow> fresh, Dataset<Row> existing,
                                     CategoryRules rules, int windowDays, int partitions, Counts counts) {
        return apply(spark, fresh, existing, rules, CategoryLabels.RULES_ONLY, windowDays, FxRates.NONE, partitions, counts);
    }

    /**
     * The same, with the user's overrides and the learned model beside the rules ({@code labels}), pairing transfers
     * across currencies at the reference {@code rates} too.
     */
    public static Dataset<Row> apply(SparkSession spark, JavaRDD<CurateRow> fresh, Dataset<Row> existing,
                                     CategoryRules rules, CategoryLabels labels, int windowDays, FxRates rates,
                                     int partitions, Counts counts) {
        JavaRDD<CurateRow> all = existing == null ? fresh : fresh.union(withStatus(existing).toJavaRDD().map(CurateRow::fromCurated));
        JavaRDD<InternalRow> curated = all.flatMapToPair(byMonth(windowDays))
                .partitionBy(new MonthPartitioner(Math.max(1, partitions)))
                .values()
                .mapPartitions(curateMonths(new MerchantCleaner(rules), new Categoriser(rules), labels, windowDays, rates,
                        counts));
        // Rows already in Spark's internal form go straight to the writer (SparkSession's internal entry point for it;
        // Scala's package-private is public to Java).
        return spark.internalCreateDataFrame(curated.rdd(), LakeSchemas.CURATED_TRANSACTIONS, false);
    }

    /**
     * Rows curated before transactions had a status were all booked; rows curated before original amounts and bank
     * details were kept have none; rows curated before categories had a source get the one they had (see below).
     */
    public static Dataset<Row> withStatus(Dataset<Row> curated) {
        List<String> columns = java.util.Arrays.asList(curated.columns());
        Dataset<Row> out = columns.contains("status") ? curated
                : curated.withColumn("status", org.apache.spark.sql.functions.lit(dev.sparkflow.jobs.model.TransactionRecord.BOOKED));
        // Rows curated before categories had a source (none, or null where newer files set the schema) came from a
        // transfer, a rule or nothing.
        Column before = functions.when(functions.col("is_transfer"), CategorySource.TRANSFER)
                .when(functions.col("category").equalTo(Categoriser.UNCATEGORISED), CategorySource.NONE)
                .otherwise(CategorySource.RULE);
        out = out.withColumn("category_source", columns.contains("category_source")
                ? functions.coalesce(functions.col("category_source"), before) : before);
        for (String c : List.of("original_amount", "original_currency", "fx_rate", "counterparty_iban", "transaction_code",
                "end_to_end_id", "category_confidence")) {
            if (!columns.contains(c)) {
                out = out.withColumn(c, org.apache.spark.sql.functions.lit(null)
                        .cast(LakeSchemas.CURATED_TRANSACTIONS.apply(c).dataType()));
            }
        }
        return out;
    }

    /** A row keyed by its month, plus ghost copies for the neighbouring month near a boundary. */
    static PairFlatMapFunction<CurateRow, Integer, CurateRow> byMonth(int windowDays) {
        return c -> {
            int month = c.monthIndex();
            LocalDate date = c.bookingDate();
            List<Tuple2<Integer, CurateRow>> out = new ArrayList<>(2);
            out.add(new Tuple2<>(month, c));
            if (date.getDayOfMonth() <= windowDays) out.add(new Tuple2<>(month - 1, c.asGhost()));
            if (date.getDayOfMonth() > date.lengthOfMonth() - windowDays) out.add(new Tuple2<>(month + 1, c.asGhost()));
            return out.iterator();
        };
    }

    /** Spreads month indexes evenly over the partitions (consecutive months land on different partitions). */
    static final class MonthPartitioner extends Partitioner {
        private final int partitions;

        MonthPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return Math.floorMod((Integer) key, partitions);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MonthPartitioner p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /**
     * Per shuffle partition: drop duplicate ids (first seen wins), then another file's rows of the same transaction
     * ({@link CrossFormatMatcher}), pair transfers, clean merchants, categorise.
     */
    static FlatMapFunction<Iterator<CurateRow>, InternalRow> curateMonths(MerchantCleaner merchants, Categoriser categoriser,
                                                                   CategoryLabels labels, int windowDays, FxRates rates,
                                                                   Counts counts) {
        return rows -> {
            Map<String, CurateRow> real = new HashMap<>(), ghosts = new HashMap<>();
            // A booked row wins over the same row still pending; then the first seen wins.
            Comparator<CurateRow> firstSeen = Comparator.<CurateRow, Boolean>comparing(c -> c.pending)
                    .thenComparingInt(c -> c.origin)
                    .thenComparing(c -> c.batchId).thenComparing(c -> c.sourceFile).thenComparingInt(c -> c.lineNumber);
            long duplicates = 0, curatedBefore = 0;
            Map<String, java.util.Set<String>> alsoIn = new HashMap<>(), ghostsAlsoIn = new HashMap<>();
            while (rows.hasNext()) {
                CurateRow c = rows.next();
                if (!c.ghost && c.origin == 0) curatedBefore++;
                Map<String, CurateRow> into = c.ghost ? ghosts : real;
                CurateRow before = into.putIfAbsent(c.id, c);
                if (before != null) {
                    if (!c.ghost) duplicates++;
                    CrossFormatMatcher.sameId(c.ghost ? ghostsAlsoIn : alsoIn, before, c);
                    if (firstSeen.compare(c, before) < 0) into.put(c.id, c);
                }
            }
            List<CurateRow> kept = new ArrayList<>(real.values());
            real.clear();
            CrossFormatMatcher sameTransaction = new CrossFormatMatcher(merchants);
            List<CurateReport.CrossFormatMatch> matched = sameTransaction.dropMatched(kept, alsoIn);
            matched.forEach(counts.matches()::add);
            // The neighbouring month drops them too, so they are context once, not twice (two transfer legs, two settlings).
            List<CurateRow> ghostRows = new ArrayList<>(ghosts.values());
            ghosts.clear();
            sameTransaction.dropMatched(ghostRows, ghostsAlsoIn);
            List<CurateRow> context = new ArrayList<>(kept);
            context.addAll(ghostRows);
            int superseded = PendingRows.dropSuperseded(kept, context);
            List<TransferMatcher.Candidate> candidates = new ArrayList<>(kept.size() + ghostRows.size());
            for (CurateRow c : kept) candidates.add(candidate(c));
            for (CurateRow c : ghostRows) if (!c.pending) candidates.add(candidate(c));
            String[] counterpart = TransferMatcher.match(candidates, windowDays, rates);
            counts.before().add(curatedBefore);
            counts.dropped().add(duplicates + matched.size() + superseded);
            return new Labelled(kept, counterpart, new Labeller(merchants, categoriser), labels, counts);
        };
    }

    /**
     * The kept rows as curated rows, made one at a time as the writer takes them (a partition's rows are not held twice),
     * counted per category once the last one is taken.
     */
    private static final class Labelled implements Iterator<InternalRow> {
        private final List<CurateRow> kept;
        private final String[] counterpart;
        private final Labeller labeller;
        private final CategoryLabels labels;
        private final Counts counts;
        private final CurateRow.Utf8Cache utf8 = new CurateRow.Utf8Cache();
        private final Map<String, Long> byCategory = new HashMap<>(), bySource = new HashMap<>();
        private int next;

        Labelled(List<CurateRow> kept, String[] counterpart, Labeller labeller, CategoryLabels labels, Counts counts) {
            this.kept = kept;
            this.counterpart = counterpart;
            this.labeller = labeller;
            this.labels = labels;
            this.counts = counts;
        }

        @Override
        public boolean hasNext() {
            if (next < kept.size()) return true;
            if (!byCategory.isEmpty()) {
                byCategory.forEach(counts.byCategory()::add);
                bySource.forEach(counts.bySource()::add);
                byCategory.clear();
                bySource.clear();
            }
            return false;
        }

        @Override
        public InternalRow next() {
            if (next >= kept.size()) throw new java.util.NoSuchElementException();
            CurateRow c = kept.set(next, null);
            String[] ruled = labeller.labels(c.description);
            String merchant = TextGuard.neutralise(ruled[0]), description = TextGuard.neutralise(c.description);
            CategoryLabels.Label label = labels.label(c, merchant, description, c.cents < 0 ? ruled[1] : ruled[2],
                    counterpart[next] != null);
            byCategory.merge(label.category(), 1L, Long::sum);
            bySource.merge(label.source(), 1L, Long::sum);
            return c.toInternalRow(merchant, label, counterpart[next++], description, utf8);
        }
    }

    /** A pending row never pairs as a transfer (its cents are 0 to the matcher's eyes: no counterpart). */
    private static TransferMatcher.Candidate candidate(CurateRow c) {
        return new TransferMatcher.Candidate(c.id, c.accountId, c.epochDay, c.pending ? 0 : c.cents, c.currency);
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
                        categoriser.categorise(merchant, d, true),
                        categoriser.categorise(merchant, d, false)};
            });
        }
    }
}
