package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.JobConfigs;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.sample.BenchData;
import dev.sparkflow.jobs.sample.SampleHousehold;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code make bench}: per size (100k, 1M and {@code --rows}, the largest), the floor (Spark reading the same CSV files
 * and writing Parquet, nothing else) against ingest + curate, in one JVM after a warm-up. Prints
 * {@code rows=… floor_s=… pipeline_s=… ratio=… rows_per_s=… heap_peak_mb=… heap_max_mb=…}, and writes them to
 * {@code <work>/bench.json} for {@code make cost}.
 * {@code make bench-household}: the sample household's ingest + curate in a fresh JVM and in a warm one.
 */
public final class Bench {
    static final int FILES = 8;
    static final long SEED = 7;
    static final LocalDate INGEST_DATE = LocalDate.of(2026, 11, 21);
    private static final int WARM_RUNS = 5;

    private Bench() {
    }

    /** bench.json, for {@code make cost}: one entry per size. */
    record BenchFigures(int cores, List<SizeFigures> sizes) {
    }

    record SizeFigures(long rows, long landedBytes, double floorS, double pipelineS, long heapPeakMb, long heapMaxMb) {
    }

    /** household.json, for {@code make cost}. */
    record HouseholdFigures(int files, long bytes, long transactionRows, int cores, double freshJvmS, double warmS) {
    }

    /** The sizes measured: 100k and 1M rows, and {@code largest}; none above {@code largest}. */
    static List<Long> sizes(long largest) {
        return new TreeSet<>(List.of(Math.min(100_000L, largest), Math.min(1_000_000L, largest), largest)).stream().toList();
    }

    /** Measures each size up to {@code rows} under the folder {@code workDir}. */
    public static void run(long rows, Path workDir) {
        Path work = workDir.toAbsolutePath();
        System.out.printf(Locale.ROOT, "bench: %d cores, heap max %d MB, %d files per size%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, FILES);
        try (SparkSession spark = SparkSessions.create("sparkflow-bench")) {
            JobConfig config = JobConfigs.bundled();
            measure(spark, config, work.resolve("warmup"), Math.min(20_000, rows));
            List<SizeFigures> figures = new ArrayList<>();
            for (long size : sizes(rows)) {
                resetHeapPeaks();
                double[] t = measure(spark, config, work.resolve("rows-" + size), size);
                long heapPeak = heapPeak() >> 20, heapMax = Runtime.getRuntime().maxMemory() >> 20;
                System.out.printf(Locale.ROOT, "rows=%d floor_s=%.2f pipeline_s=%.2f ratio=%.2f rows_per_s=%.0f heap_peak_mb=%d heap_max_mb=%d cpu_ratio=%.2f%n",
                        size, t[0], t[1], t[1] / t[0], size / t[1], heapPeak, heapMax, t[4] / t[3]);
                figures.add(new SizeFigures(size, (long) t[2], t[0], t[1], heapPeak, heapMax));
                Demo.deleteTree(work.resolve("rows-" + size));
            }
            write(work.resolve("bench.json"), ReportStore.json(new BenchFigures(Runtime.getRuntime().availableProcessors(), figures)));
        }
    }

    /**
     * {floor seconds, ingest + curate seconds, landed bytes, floor CPU seconds, pipeline CPU seconds} over freshly
     * generated data of {@code size} rows. The CPU seconds (all of this process's threads) are steadier than the clock on a
     * shared machine.
     */
    private static double[] measure(SparkSession spark, JobConfig config, Path dir, long size) {
        Demo.deleteTree(dir);
        Path lake = dir.resolve("lake");
        BenchData.Summary data = BenchData.write(landing(config, lake), size, FILES, SEED);
        long start = System.nanoTime(), cpu = cpuNanos();
        spark.read().option("header", "true").option("recursiveFileLookup", "true")
                .csv(config.lake().path(lake.toString(), LakeLayout.LANDING, "transactions"))
                .write().mode(SaveMode.Overwrite).parquet(dir.resolve("floor").toString());
        double floor = (System.nanoTime() - start) / 1e9, floorCpu = (cpuNanos() - cpu) / 1e9;
        cpu = cpuNanos();
        double pipeline = pipeline(spark, config, lake);
        return new double[]{floor, pipeline, data.bytes(), floorCpu, (cpuNanos() - cpu) / 1e9};
    }

    /** Seconds for ingest + curate of what waits in {@code lake}/landing. */
    static double pipeline(SparkSession spark, JobConfig config, Path lake) {
        // BENCH_VERBOSE=1 shows each stage's time; by default only the result lines are printed.
        Progress progress = new Progress(System.getenv("BENCH_VERBOSE") != null ? System.out
                : new PrintStream(OutputStream.nullOutputStream()), "bench");
        String uri = lake.toUri().toString();
        long start = System.nanoTime();
        try (IngestJob.Ingested ingested = new IngestJob(spark, config, progress)
                .run(new IngestJob.Options(uri, null, INGEST_DATE, false))) {
            new CurateJob(spark, config, progress).run(uri, ingested);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * {@code make bench-household}: the sample household (what one household drops in a month or two) through ingest +
     * curate, first as a job really starts (a new JVM: {@code main run}, Spark session included), then in this JVM,
     * warm, {@value #WARM_RUNS} times. Prints both and writes them to {@code <work>/household.json} for {@code make cost}.
     */
    public static void household(Path workDir, Class<?> main) {
        Path work = workDir.toAbsolutePath();
        Path sample = work.resolve("household-landing");
        Demo.deleteTree(sample);
        SampleHousehold.Summary summary = SampleHousehold.write(sample, Demo.SEED);
        long bytes = bytesUnder(sample);
        JobConfig config = JobConfigs.bundled();
        Path freshLake = lakeWith(config, sample, work.resolve("household-fresh"));
        long start = System.nanoTime();
        int exit = newJvm(main, "run", "--lake", freshLake.toString(), "--ingest-date", INGEST_DATE.toString());
        double fresh = (System.nanoTime() - start) / 1e9;
        if (exit != 0) throw new IllegalStateException("the fresh JVM's run exited " + exit);
        double[] warm = new double[WARM_RUNS];
        try (SparkSession spark = SparkSessions.create("sparkflow-bench-household")) {
            pipeline(spark, config, lakeWith(config, sample, work.resolve("household-warmup")));
            for (int i = 0; i < WARM_RUNS; i++) {
                warm[i] = pipeline(spark, config, lakeWith(config, sample, work.resolve("household-warm")));
            }
        }
        Arrays.sort(warm);
        double median = warm[WARM_RUNS / 2];
        System.out.printf(Locale.ROOT, "household: files=%d bytes=%d transaction_rows=%d cores=%d%n",
                summary.filesWritten(), bytes, summary.transactionRows(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "household_fresh_jvm_s=%.2f  (new JVM: start, Spark session, ingest + curate, exit)%n", fresh);
        System.out.printf(Locale.ROOT, "household_warm_s=%.2f  (median of %d in one JVM; min %.2f, max %.2f)%n",
                median, WARM_RUNS, warm[0], warm[WARM_RUNS - 1]);
        write(work.resolve("household.json"), ReportStore.json(new HouseholdFigures(summary.filesWritten(), bytes,
                summary.transactionRows(), Runtime.getRuntime().availableProcessors(), fresh, median)));
    }

    /** A new lake under {@code dir} whose landing/ holds a copy of {@code landing}. */
    private static Path lakeWith(JobConfig config, Path landing, Path dir) {
        Demo.deleteTree(dir);
        Demo.copyInput(landing, landing(config, dir));
        return dir;
    }

    /** The landing zone of the lake at {@code lake}. */
    static Path landing(JobConfig config, Path lake) {
        return Path.of(config.lake().zoneRoot(lake.toString(), LakeLayout.LANDING));
    }

    /** Runs {@code main <args>} in a new JVM with this JVM's options and classpath; returns its exit code. */
    private static int newJvm(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static void resetHeapPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The heap's peak use since the last reset: the pools' peaks summed (an upper bound: they need not coincide). */
    private static long heapPeak() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
