package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.config.LakeLayout;
import dev.sparkflow.jobs.io.CuratedStore;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.LakeSchemas;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.model.Conservation;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.Dataset;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.transform.Categoriser;
import dev.sparkflow.jobs.transform.CurateRow;
import dev.sparkflow.jobs.transform.CurateSnapshots;
import dev.sparkflow.jobs.transform.CurateTransactions;
import dev.sparkflow.jobs.transform.ReferenceTables;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Curate: validated/ (one batch) + curated/ (the months it touches) -> curated/<dataset>/year=/month=/.
 * Re-running a batch rewrites the same months with the same rows. Fails if rows before + new - duplicates
 * differs from what the months hold afterwards.
 */
public final class CurateJob {
    /** How a snapshot dataset is keyed and which date places it in a month. */
    private record Snapshot(List<String> keys, String dateColumn) {
    }

    private static final Map<Dataset, Snapshot> SNAPSHOTS = Map.of(
            Dataset.BALANCES, new Snapshot(List.of("account_id", "balance_date"), "balance_date"),
            Dataset.BUDGETS, new Snapshot(List.of("budget_month", "category"), "budget_month"),
            Dataset.HOLDINGS, new Snapshot(List.of("account_id", "as_of", "security_id"), "as_of"));

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
        public org.apache.spark.sql.Dataset<Row> rows(Dataset dataset) {
            String path = config.lake().path(lake, LakeLayout.VALIDATED, dataset) + "/batch_id=" + batchId;
            return fs.exists(path) ? spark.read().parquet(path).withColumn("batch_id", lit(batchId)) : null;
        }

        @Override
        public JavaRDD<CurateRow> transactions() {
            org.apache.spark.sql.Dataset<Row> rows = rows(Dataset.TRANSACTIONS);
            return rows == null ? null : rows.toJavaRDD().map(CurateRow::fromValidated);
        }
    }

    private CurateReport run(String lake, IngestReport ingest, BatchRows batch) {
        String batchId = ingest.batchId();
        Map<String, CurateReport.DatasetOutcome> outcomes = new LinkedHashMap<>();
        for (Dataset dataset : Dataset.values()) {
            List<String> months = ingest.months(dataset);
            if (months.isEmpty()) continue;
            Progress.Stage stage = progress.start("curate " + dataset.dirName());
            long rowsNew = ingest.files().stream()
                    .mapToLong(f -> f.rowsValidByDataset().getOrDefault(dataset.dirName(), 0)).sum();
            CurateReport.DatasetOutcome outcome = curate(dataset, lake, batch, rowsNew, months);
            Conservation.requireCurated(dataset.dirName(), outcome);
            outcomes.put(dataset.dirName(), outcome);
            stage.done(outcome.rowsAfter() + " rows in " + months.size() + " months, "
                    + outcome.duplicatesDropped() + " duplicates dropped");
        }
        writeReferenceTables(lake, ingest);
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
     * One shuffle partition per month would leave most tasks nearly empty (a household has a few hundred rows a
     * month, and every task pays for its own Parquet writer); a few months per task keeps every core busy.
     */
    private int shufflePartitions(List<String> months) {
        return Math.max(1, Math.min(months.size(), 4 * spark.sparkContext().defaultParallelism()));
    }

    private static <T> T required(T rows, Dataset dataset) {
        if (rows == null) {
            throw new IllegalStateException("ingest reported valid " + dataset.dirName() + " rows that validated/ lacks");
        }
        return rows;
    }

    private CurateReport.DatasetOutcome curate(Dataset dataset, String lake, BatchRows batch, long fresh,
                                               List<String> months) {
        String path = config.lake().path(lake, LakeLayout.CURATED, dataset);
        org.apache.spark.sql.Dataset<Row> existing = curated.months(path, months).map(d -> d.localCheckpoint()).orElse(null);
        long before = existing == null ? 0 : existing.count();
        LongAccumulator dropped = spark.sparkContext().longAccumulator("duplicates dropped");
        org.apache.spark.sql.Dataset<Row> result;
        if (dataset == Dataset.TRANSACTIONS) {
            result = CurateTransactions.apply(spark, required(batch.transactions(), dataset), existing,
                    config.categories(), config.accounts().transferWindowDays(), shufflePartitions(months), dropped);
        } else {
            Snapshot snapshot = SNAPSHOTS.get(dataset);
            org.apache.spark.sql.Dataset<Row> rows = required(batch.rows(dataset), dataset);
            // Counted apart from the write, so the balance below checks what was written.
            dropped.add(before + fresh - CurateSnapshots.distinctKeys(rows, existing, snapshot.keys()));
            List<String> columns = Arrays.stream(LakeSchemas.curated(dataset).fieldNames())
                    .filter(c -> !LakeSchemas.CURATED_PARTITIONS.contains(c)).toList();
            result = CurateSnapshots.apply(rows, existing, snapshot.keys(), snapshot.dateColumn(), columns);
        }
        curated.replaceMonths(result, path);
        org.apache.spark.sql.Dataset<Row> written = curated.months(path, months).orElseThrow();
        Map<String, Long> byCategory = new TreeMap<>();
        long after;
        if (dataset == Dataset.TRANSACTIONS) {
            for (Row r : written.groupBy(col("category")).count().collectAsList()) {
                byCategory.put(r.getString(0), r.getLong(1));
            }
            after = byCategory.values().stream().mapToLong(Long::longValue).sum();
        } else {
            after = written.count();
        }
        long duplicates = dropped.value();
        long transfers = byCategory.getOrDefault(Categoriser.TRANSFER, 0L);
        return new CurateReport.DatasetOutcome(fresh, before, duplicates, after, transfers, months, byCategory);
    }
}
