package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.Main;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.sample.BenchData;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * {@code make bench}: per size, the floor (Spark reading the same CSV files and writing Parquet, nothing else)
 * against ingest + curate, in one JVM after a warm-up. Prints {@code rows=… floor_s=… pipeline_s=… ratio=…}.
 */
public final class Bench {
    static final int FILES = 8;
    static final long SEED = 7;
    static final LocalDate INGEST_DATE = LocalDate.of(2026, 11, 21);

    private Bench() {
    }

    public static void run(Args args) {
        long rows = args.number("rows", 1_000_000);
        Path work = Path.of(args.optional("work") == null ? "build/bench" : args.optional("work")).toAbsolutePath();
        try (SparkSession spark = SparkSessions.create("sparkflow-bench")) {
            JobConfig config = Main.loadConfig(spark, null);
            measure(spark, config, work.resolve("warmup"), Math.min(20_000, rows));
            for (long size : List.of(rows / 10, rows / 3, rows)) {
                double[] t = measure(spark, config, work.resolve("rows-" + size), size);
                System.out.printf(Locale.ROOT, "rows=%d floor_s=%.2f pipeline_s=%.2f ratio=%.2f%n", size, t[0], t[1], t[1] / t[0]);
            }
        }
    }

    /** Seconds for {floor, ingest + curate} over freshly generated data of {@code size} rows. */
    private static double[] measure(SparkSession spark, JobConfig config, Path dir, long size) {
        Demo.deleteTree(dir);
        Path landing = dir.resolve("lake/landing");
        BenchData.write(landing, size, FILES, SEED);
        long start = System.nanoTime();
        spark.read().option("header", "true").option("recursiveFileLookup", "true")
                .csv(landing.resolve("transactions").toString())
                .write().mode(SaveMode.Overwrite).parquet(dir.resolve("floor").toString());
        double floor = (System.nanoTime() - start) / 1e9;
        // BENCH_VERBOSE=1 shows each stage's time; by default only the result lines are printed.
        Progress progress = new Progress(System.getenv("BENCH_VERBOSE") != null ? System.out
                : new PrintStream(OutputStream.nullOutputStream()), "bench");
        String lake = dir.resolve("lake").toUri().toString();
        start = System.nanoTime();
        try (IngestJob.Ingested ingested = new IngestJob(spark, config, progress)
                .run(new IngestJob.Options(lake, null, INGEST_DATE, false))) {
            new CurateJob(spark, config, progress).run(lake, ingested);
        }
        double pipeline = (System.nanoTime() - start) / 1e9;
        return new double[]{floor, pipeline};
    }
}
