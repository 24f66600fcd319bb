package dev.sparkflow.jobs;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.CatalogDefinition;
import dev.sparkflow.jobs.io.JobConfigs;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.job.Bench;
import dev.sparkflow.jobs.job.CategoriseBench;
import dev.sparkflow.jobs.job.CorpusCheck;
import dev.sparkflow.jobs.job.CurateJob;
import dev.sparkflow.jobs.job.Demo;
import dev.sparkflow.jobs.job.IngestJob;
import dev.sparkflow.jobs.job.Progress;
import dev.sparkflow.jobs.job.ReplayJob;
import dev.sparkflow.jobs.model.ReplayReport;
import dev.sparkflow.jobs.job.SparkSessions;
import dev.sparkflow.jobs.job.TrainCategories;
import dev.sparkflow.jobs.learn.CategoryTraining;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Entry point of the jobs jar, for spark-submit on EMR and for the local runner: one command per entry point
 * ({@code ingest|curate|run|replay|demo|bench|bench-household|bench-categorise|catalog|corpus|train-categories|recategorise},
 * see {@code Main --help}). {@code run} is ingest +
 * curate in one application, valid rows handed on in memory; {@code ingest} alone writes them to validated/ for a
 * later {@code curate}. Exit codes: 0 done, 2 bad arguments (or an argument the job found invalid), 1 a failed job or,
 * for {@code corpus}, a row lost.
 */
@Command(name = "Main", description = "The SparkFlow jobs.",
        subcommands = {Main.Ingest.class, Main.Curate.class, Main.Run.class, Main.ReplayCommand.class, Main.DemoCommand.class,
                Main.BenchCommand.class, Main.BenchHousehold.class, Main.BenchCategorise.class, Main.Catalog.class, Main.Corpus.class,
                Main.TrainCategoriesCommand.class, Main.Recategorise.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "show this help")
    boolean help;

    public static void main(String[] argv) {
        System.exit(commandLine().execute(argv));
    }

    /**
     * The command line: picocli's errors and usage for unknown or missing options (exit 2); an IllegalArgumentException
     * from a job is a bad argument too (exit 2, with the command's usage); any other failure exits 1 with its trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            line.getErr().println("error: " + e.getMessage());
            line.usage(line.getErr());
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    /** The lake and the config/ every job on a lake takes. */
    static class LakeOptions {
        @Option(names = "--lake", required = true, paramLabel = "<root>", description = "the lake's root (local path or s3://)")
        String lake;
        @Option(names = "--config", paramLabel = "<dir>", description = "a config/ folder instead of the one in the jar")
        String config;
    }

    /** The options of ingest, curate and run. */
    static class JobOptions extends BatchOptions {
        @Option(names = "--batch-id", paramLabel = "B", description = "the batch (ingest, run: default derived from the landed files; curate: required)")
        String batchId;
    }

    /** The ingest date of every job that writes a batch (ingest, curate, run, replay). */
    static class BatchOptions extends LakeOptions {
        @Option(names = "--ingest-date", paramLabel = "YYYY-MM-DD", description = "the ingest date (default: today in UTC)")
        LocalDate ingestDate;

        LocalDate ingestDateOrToday() {
            return ingestDate == null ? LocalDate.now(ZoneOffset.UTC) : ingestDate;
        }
    }

    @Command(name = "ingest", description = "landing/ -> raw/, validated/, quarantine/")
    static final class Ingest extends JobOptions implements Runnable {
        @Override
        public void run() {
            ingestThenCurate(this, "ingest", false, false);
        }
    }

    @Command(name = "run", description = "ingest + curate in one application")
    static final class Run extends JobOptions implements Runnable {
        @Option(names = "--train-categories", description = "then train the category model and label the curated "
                + "months with it (train-categories --apply), in the same application")
        boolean trainCategories;

        @Override
        public void run() {
            ingestThenCurate(this, "run", true, trainCategories);
        }
    }

    @Command(name = "curate", description = "validated/ (one batch) -> curated/; needs --batch-id (--ingest-date is "
            + "taken from the batch's ingest report)")
    static final class Curate extends JobOptions implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            if (batchId == null) throw new ParameterException(spec.commandLine(), "curate needs --batch-id");
            try (SparkSession spark = SparkSessions.create("sparkflow-curate")) {
                CurateJob curate = new CurateJob(spark, JobConfigs.load(spark, config), new Progress(System.out, "curate"));
                System.out.println(ReportStore.json(curate.run(lake, batchId).datasets()));
            }
        }
    }

    @Command(name = "train-categories", description = "learns categories from the curated rows overrides and rules "
            + "categorised; saves the model as a new version in the lake's models zone, current from then on")
    static final class TrainCategoriesCommand extends LakeOptions implements Runnable {
        @Option(names = "--apply", description = "then label every curated month again with the new model (recategorise)")
        boolean apply;

        @Override
        public void run() {
            try (SparkSession spark = SparkSessions.create("sparkflow-train-categories")) {
                JobConfig loaded = JobConfigs.load(spark, config);
                if (apply) {
                    TrainCategories.trainAndApply(spark, loaded, lake, new Progress(System.out, "learn"), System.out);
                    return;
                }
                Optional<CategoryTraining.Metrics> metrics = TrainCategories.run(spark, loaded, lake);
                System.out.println(metrics.map(TrainCategories::line).orElse(TrainCategories.NOTHING_TO_LEARN));
                metrics.ifPresent(m -> System.out.println(ReportStore.json(m)));
            }
        }
    }

    @Command(name = "recategorise", description = "labels every curated transaction again with the current overrides, "
            + "rules and model (after a training or a config edit)")
    static final class Recategorise extends LakeOptions implements Runnable {
        @Override
        public void run() {
            try (SparkSession spark = SparkSessions.create("sparkflow-recategorise")) {
                CurateJob job = new CurateJob(spark, JobConfigs.load(spark, config), new Progress(System.out, "curate"));
                System.out.println(ReportStore.json(job.recategorise(lake)));
            }
        }
    }

    /** Ingest, then (for {@code run}) curate the valid rows in memory; prints each step's figures as JSON. */
    private static void ingestThenCurate(JobOptions o, String command, boolean curate, boolean train) {
        try (SparkSession spark = SparkSessions.create("sparkflow-" + command)) {
            JobConfig config = JobConfigs.load(spark, o.config);
            IngestJob.Options options = new IngestJob.Options(o.lake, o.batchId, o.ingestDateOrToday(), !curate);
            try (IngestJob.Ingested ingested = new IngestJob(spark, config, new Progress(System.out, "ingest")).run(options)) {
                System.out.println(ReportStore.json(ingested.report().totals()));
                if (curate) {
                    CurateJob job = new CurateJob(spark, config, new Progress(System.out, "curate"));
                    System.out.println(ReportStore.json(job.run(o.lake, ingested).datasets()));
                }
                if (train) TrainCategories.trainAndApply(spark, config, o.lake, new Progress(System.out, "learn"), System.out);
            }
        }
    }

    @Command(name = "replay", description = "after a config fix: re-read the rejected files of earlier batches from raw/ "
            + "as a new batch; rows that now pass join curated/, their quarantine entries are resolved")
    static final class ReplayCommand extends BatchOptions implements Runnable {
        @Option(names = "--batch-id", paramLabel = "B", description = "the replay batch (default: derived from the files and the open entries)")
        String batchId;
        @Option(names = "--batches", split = ",", paramLabel = "B", description = "batches to replay (default: every batch with open quarantine entries)")
        List<String> batches = new ArrayList<>();
        @Option(names = "--files", split = ",", paramLabel = "<glob>", description = "only these files: a glob or path below landing/ "
                + "(transactions/savings/*.csv) or in raw/")
        List<String> files = new ArrayList<>();

        @Override
        public void run() {
            try (SparkSession spark = SparkSessions.create("sparkflow-replay")) {
                ReplayJob job = new ReplayJob(spark, JobConfigs.load(spark, config), new Progress(System.out, "replay"));
                ReplayReport report = job.run(new ReplayJob.Options(lake, batchId, batches, files, ingestDateOrToday()));
                report.summary().forEach(System.out::println);
            }
        }
    }

    @Command(name = "demo", description = "a sample household (or your own files) through ingest and curate on local disk")
    static final class DemoCommand implements Runnable {
        @Option(names = "--lake", defaultValue = "lake", paramLabel = "<dir>", description = "the local lake (default: ${DEFAULT-VALUE})")
        Path lake;
        @Option(names = "--input", paramLabel = "<dir>", description = "a folder of your exports (default: a generated household)")
        Path input;
        @Option(names = "--ingest-date", paramLabel = "YYYY-MM-DD", description = "the ingest date (default: today in UTC)")
        LocalDate ingestDate;

        @Override
        public void run() {
            Demo.run(lake, input, ingestDate == null ? LocalDate.now(ZoneOffset.UTC) : ingestDate);
        }
    }

    /** The benches' work folder, one option for all of them. */
    static final class WorkDir {
        @Option(names = "--work", defaultValue = "build/bench", paramLabel = "<dir>", description = "work folder (default: ${DEFAULT-VALUE})")
        Path dir;
    }

    @Command(name = "bench", description = "ingest + curate against a bare CSV -> Parquet pass at 100k, 1M and --rows rows")
    static final class BenchCommand implements Runnable {
        @Option(names = "--rows", defaultValue = "5000000", paramLabel = "N", description = "the largest size (default: ${DEFAULT-VALUE})")
        long rows;
        @Mixin
        WorkDir work;

        @Override
        public void run() {
            Bench.run(rows, work.dir);
        }
    }

    @Command(name = "bench-household", description = "the sample household's ingest + curate in a fresh JVM and a warm one")
    static final class BenchHousehold implements Runnable {
        @Mixin
        WorkDir work;

        @Override
        public void run() {
            Bench.household(work.dir, Main.class);
        }
    }

    @Command(name = "bench-categorise", description = "categories learned from the sample household: accuracy and coverage on hidden rows")
    static final class BenchCategorise implements Runnable {
        @Mixin
        WorkDir work;

        @Override
        public void run() {
            CategoriseBench.run(work.dir.toAbsolutePath());
        }
    }

    @Command(name = "catalog", description = "writes the Glue/Athena table definitions that Terraform reads")
    static final class Catalog implements Runnable {
        @Option(names = "--out", required = true, paramLabel = "<file>", description = "e.g. infra/terraform/modules/catalog/tables.json")
        Path out;

        @Override
        public void run() {
            try {
                Files.writeString(out, CatalogDefinition.json(JobConfigs.bundled().lake()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(name = "corpus", description = "reads the real-world corpus and prints its figures; exits 1 when a row was lost "
            + "or a file stopped the batch")
    static final class Corpus implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "<dir>", description = "e.g. emr-jobs/src/test/resources/corpus")
        Path dir;
        @Option(names = "--verbose", arity = "1", paramLabel = "true|false", description = "print each difference")
        boolean verbose;
        @Option(names = "--table", arity = "1", paramLabel = "true|false", description = "print README.md's table of institutions instead")
        boolean table;

        @Override
        public Integer call() {
            CorpusCheck.Result result = CorpusCheck.run(dir, JobConfigs.bundled());
            if (verbose) result.differences().forEach(System.out::println);
            if (table) {
                CorpusCheck.printTable(System.out, result);
                return 0;
            }
            System.out.println(result.line());
            return result.lost() > 0 || result.batchFailures() > 0 ? 1 : 0;
        }
    }
}
