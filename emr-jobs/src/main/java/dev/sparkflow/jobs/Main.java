package dev.sparkflow.jobs;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.CatalogDefinition;
import dev.sparkflow.jobs.io.ClasspathConfigSource;
import dev.sparkflow.jobs.io.HadoopConfigSource;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.job.Args;
import dev.sparkflow.jobs.job.Bench;
import dev.sparkflow.jobs.job.CategoriseBench;
import dev.sparkflow.jobs.job.CorpusCheck;
import dev.sparkflow.jobs.job.CurateJob;
import dev.sparkflow.jobs.job.Demo;
import dev.sparkflow.jobs.job.IngestJob;
import dev.sparkflow.jobs.job.Progress;
import dev.sparkflow.jobs.job.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Entry point of the jobs jar, for spark-submit on EMR and for the local runner:
 * {@code run|ingest|curate --lake <root> [--batch-id B] [--ingest-date YYYY-MM-DD] [--config <dir>]}
 * ({@code run} = ingest + curate in one application, valid rows handed on in memory; {@code ingest} alone
 * writes them to validated/ for a later {@code curate}),
 * {@code demo [--lake L] [--input DIR]}, {@code bench [--rows N] [--work DIR]}, {@code bench-household [--work DIR]}.
 */
public final class Main {
    private static final Set<String> JOB_ARGS = Set.of("lake", "batch-id", "ingest-date", "config");
    private static final String USAGE = """
            usage: Main ingest --lake <root> [--batch-id B] [--ingest-date YYYY-MM-DD] [--config <dir>]
                   Main curate --lake <root> --batch-id B [--config <dir>]
                   Main run    --lake <root> [--batch-id B] [--ingest-date YYYY-MM-DD] [--config <dir>]
                   Main demo   [--lake ./lake] [--input <dir of your exports>]
                   Main bench  [--rows 5000000] [--work build/bench]
                   Main bench-household [--work build/bench]
                   Main bench-categorise [--work build/bench]
                   Main catalog --out infra/terraform/modules/catalog/tables.json
                   Main corpus --dir emr-jobs/src/test/resources/corpus [--verbose true] [--table true]""";

    private Main() {
    }

    public static void main(String[] argv) {
        if (argv.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        try {
            switch (argv[0]) {
                case "ingest", "curate", "run" -> runJob(argv[0], new Args(argv, 1, JOB_ARGS));
                case "demo" -> Demo.run(new Args(argv, 1, Set.of("lake", "input", "ingest-date")));
                case "bench" -> Bench.run(new Args(argv, 1, Set.of("rows", "work")));
                case "bench-household" -> Bench.household(new Args(argv, 1, Set.of("work")));
                case "bench-categorise" -> CategoriseBench.run(Path.of(Objects.requireNonNullElse(
                        new Args(argv, 1, Set.of("work")).optional("work"), "build/bench")).toAbsolutePath());
                case "catalog" -> writeCatalog(new Args(argv, 1, Set.of("out")).required("out"));
                case "corpus" -> corpus(new Args(argv, 1, Set.of("dir", "verbose", "table")));
                default -> throw new IllegalArgumentException("unknown command " + argv[0]);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
    }

    private static void runJob(String command, Args args) {
        String lake = args.required("lake");
        try (SparkSession spark = SparkSessions.create("sparkflow-" + command)) {
            JobConfig config = loadConfig(spark, args.optional("config"));
            CurateJob curate = new CurateJob(spark, config, new Progress(System.out, "curate"));
            if (command.equals("curate")) {
                String batchId = args.optional("batch-id");
                if (batchId == null) throw new IllegalArgumentException("curate needs --batch-id");
                System.out.println(ReportStore.json(curate.run(lake, batchId).datasets()));
                return;
            }
            IngestJob.Options options = new IngestJob.Options(lake, args.optional("batch-id"), args.ingestDate(),
                    command.equals("ingest"));
            try (IngestJob.Ingested ingested = new IngestJob(spark, config, new Progress(System.out, "ingest")).run(options)) {
                System.out.println(ReportStore.json(ingested.report().totals()));
                if (command.equals("run")) {
                    System.out.println(ReportStore.json(curate.run(lake, ingested).datasets()));
                }
            }
        }
    }

    /** Reads the real-world corpus and prints its figures; exits 1 when a row was lost or a file stopped the batch. */
    private static void corpus(Args args) {
        CorpusCheck.Result result = CorpusCheck.run(Path.of(args.required("dir")), JobConfig.load(new ClasspathConfigSource()));
        if ("true".equals(args.optional("verbose"))) result.differences().forEach(System.out::println);
        if ("true".equals(args.optional("table"))) {
            CorpusCheck.printTable(System.out, result);
            return;
        }
        System.out.println(result.line());
        if (result.lost() > 0 || result.batchFailures() > 0) System.exit(1);
    }

    /** Writes the Glue/Athena table definitions that Terraform reads (see CatalogDefinition). */
    private static void writeCatalog(String out) {
        try {
            Files.writeString(Path.of(out), CatalogDefinition.json(JobConfig.load(new ClasspathConfigSource()).lake()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled config/, or the folder given by --config (local path or s3a://). */
    public static JobConfig loadConfig(SparkSession spark, String configRoot) {
        if (configRoot == null) return JobConfig.load(new ClasspathConfigSource());
        return JobConfig.load(new HadoopConfigSource(new LakeFs(spark.sparkContext().hadoopConfiguration()), configRoot));
    }

}
