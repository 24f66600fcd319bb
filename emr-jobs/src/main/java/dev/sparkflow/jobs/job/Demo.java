package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.JobConfigs;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.sample.SampleHousehold;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code make demo}: a sample household (or the user's own files) through ingest and curate on local disk. */
public final class Demo {
    static final long SEED = 42;
    private static final List<String> DATASET_DIRS = List.of("transactions", "balances", "budgets");

    private Demo() {
    }

    /** Runs the demo into the local lake {@code lakeDir}, from {@code input} (null: a generated household). */
    public static void run(Path lakeDir, Path input, LocalDate ingestDate) {
        Path lake = lakeDir.toAbsolutePath().normalize();
        JobConfig config = JobConfigs.bundled();
        Path landing = Path.of(config.lake().zoneRoot(lake.toString(), LakeLayout.LANDING));
        PrintStream out = System.out;
        out.println("SparkFlow demo: lake at " + lake);
        deleteTree(landing);
        // The demo tells its fix-and-replay story from the start on every run: an earlier run's resolutions go, so the
        // first batch's entries are open again and the replay (same files, same entries: same batch) replaces itself.
        deleteTree(Path.of(config.lake().zoneRoot(lake.toString(), LakeLayout.RESOLVED)));
        if (input == null) {
            SampleHousehold.Summary sample = SampleHousehold.write(landing, SEED);
            out.printf("[demo]   generated a sample household into landing/ (seed %d): %d files, %d transaction rows, %d bad rows planted%n",
                    SEED, sample.filesWritten(), sample.transactionRows(), sample.badRows().size());
            out.printf("[demo]   and %s: %d budgets for a category config/ lacks (fixed and replayed below)%n",
                    DemoReplay.FILE, DemoReplay.plant(landing));
        } else {
            Path from = input.toAbsolutePath();
            int copied = copyInput(from, landing);
            out.println("[demo]   copied " + copied + " files from " + from + " into landing/");
        }
        try (SparkSession spark = SparkSessions.create("sparkflow-demo")) {
            try (IngestJob.Ingested ingested = new IngestJob(spark, config, new Progress(out, "ingest"))
                    .run(new IngestJob.Options(lake.toUri().toString(), null, ingestDate, false))) {
                CurateReport curate = new CurateJob(spark, config, new Progress(out, "curate"))
                        .run(lake.toUri().toString(), ingested);
                DemoSummary.print(out, config.lake(), lake, ingested.report(), curate);
            }
            out.println();
            TrainCategories.trainAndApply(spark, config, lake.toUri().toString(), new Progress(out, "learn"), out);
            if (input == null) DemoReplay.run(spark, lake, ingestDate, out);
        }
    }

    /** The user's folder as landing/: dataset sub-folders are kept; loose files are taken as transactions. */
    static int copyInput(Path input, Path landing) {
        if (!Files.isDirectory(input)) throw new IllegalArgumentException("INPUT " + input + " is not a folder");
        try (Stream<Path> files = Files.walk(input)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : all) {
                Path rel = input.relativize(f);
                boolean hasDataset = rel.getNameCount() > 1 && DATASET_DIRS.contains(rel.getName(0).toString());
                Path target = landing.resolve(hasDataset ? rel : Path.of("transactions").resolve(rel));
                Files.createDirectories(target.getParent());
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return all.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
