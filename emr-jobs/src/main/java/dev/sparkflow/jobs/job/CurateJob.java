package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.CuratedStore;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.ModelStore;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.learn.CategoryScorer;
import dev.sparkflow.jobs.model.Conservation;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.LakeSchemas;
import dev.sparkflow.jobs.transform.CategoryLabels;
import dev.sparkflow.jobs.transform.Categoriser;
import dev.sparkflow.jobs.transform.CurateRow;
import dev.sparkflow.jobs.transform.CurateSnapshots;
import dev.sparkflow.jobs.transform.CurateTransactions;
import dev.sparkflow.jobs.transform.FxRates;
import dev.sparkflow.jobs.transform.KeyCounts;
import dev.sparkflow.jobs.transform.ReferenceTables;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.lit;

/**
 * Curate: validated/ (one batch) + curated/ (the months it touches) -> curated/<dataset>/year=/month=/.
 * Re-running a batch rewrites the same months with the same rows. Fails if rows before + new - duplicates
 * differs from the rows written, each counted by the write's own tasks (no second pass over the months).
 */
public final class CurateJob {
    /** How a snapshot dataset is keyed and which date places it in a month. */
    private record Snapshot(List<String> keys, String dateColumn) {
    }

    private static final Map<LakeDataset, Snapshot> SNAPSHOTS = Map.of(
            LakeDataset.BALANCES, new Snapshot(List.of("account_id", "balance_date"), "balance_date"),
            LakeDataset.BUDGETS, new Snapshot(List.of("budget_month", "category"), "budget_month"),
            LakeDataset.HOLDINGS, new Snapshot(List.of("account_id", "as_of", "security_id"), "as_of"),
            LakeDataset.FX_RATES, new Snapshot(List.of("rate_date", "base_currency", "quote_currency"), "rate_date"));

    private final SparkSession spark;
    private final JobConfig config;
    private final LakeFs fs;
    private final CuratedStore curated;
    private final Progress progress;

    public CurateJob(SparkSession spark, JobConfig config, Progress progress) {
        this.spark = spark;
        this.config = config;
        this.fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
        this.curated = new CuratedStore(spark, fs);
        this.progress = progress;
    }

    /** Curates a batch that an earlier, separate ingest step left in validated/. */
    public CurateReport run(String lake, String batchId) {
        ReportStore reports = new ReportStore(fs, config.lake(), lake);
        IngestReport ingest = reports.ingest(batchId).orElseThrow(() -> new IllegalStateException(
                "no ingest report for batch " + batchId + " at " + reports.ingestPath(batchId) + ": run ingest first"));
        return run(lake, ingest, new ValidatedZone(lake, batchId));
    }

    /** Curates the valid rows an ingest in this application handed on in memory. */
    public CurateReport run(String lake, IngestJob.Ingested ingested) {
        return run(lake, ingested.report(), ingested);
    }

    /** A batch that an ingest step wrote to validated/. */
    private final class ValidatedZone implements BatchRows {
        private final String lake, batchId;

        ValidatedZone(String lake, String batchId) {
            this.lake = lake;
            this.batchId = batchId;
        }

        @Override
        public org.apache.spark.sql.Dataset<Row> rows(LakeDataset dataset) {
            String path = config.lake().validatedPath(lake, dataset.dirName(), batchId);
            return fs.exists(path) ? spark.read().parquet(path).withColumn("batch_id", lit(batchId)) : null;
        }

        @Override
        public JavaRDD<CurateRow> transactions() {
            org.apache.spark.sql.Dataset<Row> rows = rows(LakeDataset.TRANSACTIONS);
            return rows == null ? null : rows.toJavaRDD().map(CurateRow::fromValidated);
        }
    }

    private CurateReport run(String lake, IngestReport ingest, BatchRows batch) {
        String batchId = ingest.batchId();
        // Read before any dataset is rewritten: the transfers of this batch pair at the rates curated so far and its own.
        FxRates rates = ingest.months(LakeDataset.TRANSACTIONS).isEmpty() ? FxRates.NONE : fxRates(lake, ingest, batch);
        List<Callable<Map.Entry<String, CurateReport.DatasetOutcome>>> work = new ArrayList<>();
        for (LakeDataset dataset : LakeDataset.values()) {
            List<String> months = ingest.months(dataset);
            if (months.isEmpty()) continue;
            work.add(() -> {
                Progress.Stage stage = progress.start("curate " + dataset.dirName());
                long rowsNew = ingest.files().stream()
                        .mapToLong(f -> f.rowsValidByDataset().getOrDefault(dataset.dirName(), 0)).sum();
                CurateReport.DatasetOutcome outcome = curate(dataset, lake, batch, rowsNew, months, rates);
                Conservation.requireCurated(dataset.dirName(), outcome);
                stage.done(outcome.rowsAfter() + " rows in " + months.size() + " months, "
                        + outcome.duplicatesDropped() + " duplicates dropped");
                return Map.entry(dataset.dirName(), outcome);
            });
        }
        work.add(() -> {
            writeReferenceTables(lake, ingest);
            return null;
        });
        Map<String, CurateReport.DatasetOutcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, CurateReport.DatasetOutcome> e : Concurrently.run(work)) {
            if (e != null) outcomes.put(e.getKey(), e.getValue());
        }
        CurateReport report = new CurateReport(batchId, outcomes);
        new ReportStore(fs, config.lake(), lake).write(report);
        return report;
    }

    /**
     * Rewrites curated/accounts and curated/categories from config/, so dashboards see the current config; the
     * accounts the files named themselves (inferred, not configured) join the accounts with the currency of their rows.
     */
    private void writeReferenceTables(String lake, IngestReport ingest) {
        String path = config.lake().referencePath(lake, LakeLayout.ACCOUNTS);
        List<Row> before = fs.exists(path) ? spark.read().schema(LakeSchemas.ACCOUNTS).parquet(path).collectAsList() : List.of();
        List<Row> accounts = ReferenceTables.accounts(config.accounts(), before, ingest);
        spark.createDataFrame(accounts, LakeSchemas.ACCOUNTS).coalesce(1)
                .write().mode(SaveMode.Overwrite).parquet(config.lake().referencePath(lake, LakeLayout.ACCOUNTS));
        spark.createDataFrame(ReferenceTables.categories(config.categories()), LakeSchemas.CATEGORIES).coalesce(1)
                .write().mode(SaveMode.Overwrite).parquet(config.lake().referencePath(lake, LakeLayout.CATEGORIES));
    }

    /**
     * One shuffle partition per month would leave most tasks nearly empty for a household (a few hundred rows a month,
     * and every task pays for its own Parquet writer): a few months per task keeps every core busy. A large batch gets
     * up to one month per task, so no task holds more than about {@value #ROWS_PER_TASK} rows at once.
     */
    private int shufflePartitions(List<String> months, long rows) {
        long bySize = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        return (int) Math.max(1, Math.min(months.size(), Math.max(4L * spark.sparkContext().defaultParallelism(), bySize)));
    }

    private static final long ROWS_PER_TASK = 100_000;

    private static <T> T required(T rows, LakeDataset dataset) {
        if (rows == null) {
            throw new IllegalStateException("ingest reported valid " + dataset.dirName() + " rows that validated/ lacks");
        }
        return rows;
    }

    /**
     * Curates one dataset's touched months and writes them. Rows before, duplicates dropped and rows written (per
     * category for transactions) are counted by the write's own tasks, not by reading the months again; the balance
     * against the ingest report's new rows is checked by the caller.
     */
    private CurateReport.DatasetOutcome curate(LakeDataset dataset, String lake, BatchRows batch, long fresh,
                                               List<String> months, FxRates rates) {
        String path = config.lake().path(lake, LakeLayout.CURATED, dataset.dirName());
        org.apache.spark.sql.Dataset<Row> existing = curated.months(path, months).orElse(null);
        if (dataset == LakeDataset.TRANSACTIONS) {
            return curateTransactions(lake, required(batch.transactions(), dataset), existing, fresh, months, path, rates);
        }
        Snapshot snapshot = SNAPSHOTS.get(dataset);
        List<String> columns = Arrays.stream(LakeSchemas.curated(dataset).fieldNames())
                .filter(c -> !LakeSchemas.CURATED_PARTITIONS.contains(c)).toList();
        Observation counted = new Observation("curate " + dataset.dirName());
        curated.replaceMonths(CurateSnapshots.apply(required(batch.rows(dataset), dataset), existing, snapshot.keys(),
                snapshot.dateColumn(), columns, counted), path);
        Map<String, Object> counts = observed(counted);
        return new CurateReport.DatasetOutcome(fresh, (Long) counts.get(CurateSnapshots.BEFORE),
                (Long) counts.get(CurateSnapshots.DROPPED), (Long) counts.get(CurateSnapshots.AFTER), 0, months, Map.of());
    }

    /**
     * The euro rates curated so far and this batch's own (none when {@code ingest} is null): the few columns the matcher
     * needs, collected once.
     */
    private FxRates fxRates(String lake, IngestReport ingest, BatchRows batch) {
        String path = config.lake().path(lake, LakeLayout.CURATED, LakeDataset.FX_RATES.dirName());
        List<org.apache.spark.sql.Dataset<Row>> parts = new ArrayList<>();
        if (fs.exists(path)) parts.add(spark.read().schema(LakeSchemas.CURATED_FX_RATES).parquet(path));
        if (ingest != null && !ingest.months(LakeDataset.FX_RATES).isEmpty()) parts.add(batch.rows(LakeDataset.FX_RATES));
        FxRates.Builder rates = new FxRates.Builder(config.accounts().fxLookbackDays());
        for (org.apache.spark.sql.Dataset<Row> part : parts) {
            for (Row r : part.select("rate_date", "base_currency", "quote_currency", "rate").collectAsList()) {
                rates.add(r.getLocalDate(0), r.getString(1), r.getString(2), r.getDecimal(3));
            }
        }
        return rates.build();
    }

    /** Curates transactions into {@code months}: new rows and the months' curated ones, labelled and written. */
    private CurateReport.DatasetOutcome curateTransactions(String lake, JavaRDD<CurateRow> fresh,
                                                           org.apache.spark.sql.Dataset<Row> existing, long rowsNew,
                                                           List<String> months, String path,
                                                           FxRates rates) {
        CurateTransactions.Counts counts = new CurateTransactions.Counts(
                spark.sparkContext().longAccumulator("curated rows before"),
                spark.sparkContext().longAccumulator("duplicates dropped"),
                KeyCounts.register(spark.sparkContext(), "curated rows by category"),
                KeyCounts.register(spark.sparkContext(), "curated rows by category source"),
                spark.sparkContext().collectionAccumulator("rows matched across formats"));
        curated.replaceMonths(CurateTransactions.apply(spark, fresh, existing, config.categories(), labels(lake),
                config.accounts().transferWindowDays(), rates, shufflePartitions(months, rowsNew), counts), path);
        Map<String, Long> byCategory = counts.byCategory().value();
        List<CurateReport.CrossFormatMatch> matches = new ArrayList<>(counts.matches().value());
        matches.sort(java.util.Comparator.comparing((CurateReport.CrossFormatMatch m) -> m.kept().batchId())
                .thenComparing(m -> m.kept().sourceFile()).thenComparingInt(m -> m.kept().lineNumber())
                .thenComparing(m -> m.dropped().batchId()).thenComparing(m -> m.dropped().sourceFile())
                .thenComparingInt(m -> m.dropped().lineNumber()));
        return new CurateReport.DatasetOutcome(rowsNew, counts.before().value(), counts.dropped().value(),
                counts.byCategory().total(), byCategory.getOrDefault(Categoriser.TRANSFER, 0L), months, byCategory,
                counts.bySource().value(), matches, CurateReport.byRule(matches));
    }

    /** The user's overrides, and the current category model broadcast to the tasks (none trained: rules alone). */
    private CategoryLabels labels(String lake) {
        Broadcast<CategoryScorer> model = ModelStore.of(fs, config.lake(), lake).flatMap(ModelStore::current)
                .map(current -> JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .broadcast(CategoryScorer.of(current.model())))
                .orElse(null);
        return new CategoryLabels(config.overrides(), model, config.categories().modelMinConfidence());
    }

    /**
     * Curates every curated month of transactions again, with no new rows: the current overrides, rules and model
     * label every row anew (after a training, or an edit of config/category-overrides.csv or categories.yml). Ids,
     * duplicates and transfers come out as they were; the rows are conserved (checked).
     */
    public CurateReport.DatasetOutcome recategorise(String lake) {
        String path = config.lake().path(lake, LakeLayout.CURATED, LakeDataset.TRANSACTIONS.dirName());
        if (!fs.exists(path)) throw new IllegalArgumentException("no curated transactions at " + path);
        org.apache.spark.sql.Dataset<Row> existing = spark.read().parquet(path);
        List<String> months = existing.select("year", "month").distinct().collectAsList().stream()
                .map(r -> String.format(java.util.Locale.ROOT, "%04d-%02d", r.getInt(0), r.getInt(1))).sorted().toList();
        Progress.Stage stage = progress.start("recategorise transactions");
        CurateReport.DatasetOutcome outcome = curateTransactions(lake,
                JavaSparkContext.fromSparkContext(spark.sparkContext()).emptyRDD(), existing, 0, months, path,
                fxRates(lake, null, null));
        Conservation.requireCurated(LakeDataset.TRANSACTIONS.dirName(), outcome);
        stage.done(outcome.rowsAfter() + " rows in " + months.size() + " months, by category source "
                + outcome.rowsByCategorySource());
        return outcome;
    }

    private static Map<String, Object> observed(Observation observation) {
        try {
            return observation.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
