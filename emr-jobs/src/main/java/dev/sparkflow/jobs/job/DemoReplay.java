package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.ClasspathConfigSource;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.OverlayConfigSource;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.model.ReplayReport;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * {@code make demo}'s fix and replay: the household also keeps a budget for its pets, a category config/ lacks, so the
 * first batch rejects that file whole (UNKNOWN_CATEGORY). The demo then adds the category in a config overlay of its
 * own ({@code <lake>/config-fixed/categories.yml}; the repository's config/ stays as it is) and replays: the pets
 * budgets join curated, their entries are resolved, and the planted bad rows stay rejected. The file is written here,
 * not by SampleHousehold, so the household the benches measure keeps its figures.
 */
final class DemoReplay {
    /** The planted file, below landing/, and the category it names. */
    static final String FILE = "budgets/budgets-pets.csv", CATEGORY = "pets";
    /** The months the pets budget covers: the household's last four. */
    private static final YearMonth FIRST = YearMonth.of(2026, 7), LAST = YearMonth.of(2026, 10);
    /** The rule the owner adds: first in order, it matches none of the household's other merchants. */
    private static final String RULE = "  - category: " + CATEGORY + "\n    pattern: \"fressnapf|zooplus|tierarzt\"\n"
            + "    direction: out\n";

    private DemoReplay() {
    }

    /** Writes the pets budget under {@code landing}; returns its rows. */
    static int plant(Path landing) {
        StringBuilder csv = new StringBuilder("month,category,amount,currency\n");
        int rows = 0;
        for (YearMonth m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1), rows++) {
            csv.append(m).append(',').append(CATEGORY).append(",40.00,EUR\n");
        }
        write(landing.resolve(FILE), csv.toString());
        return rows;
    }

    /** The stock config with the pets category added through an overlay folder in {@code lake}. */
    static JobConfig fixedConfig(SparkSession spark, Path lake) {
        ClasspathConfigSource stock = new ClasspathConfigSource();
        String categories = stock.read("categories.yml").replaceFirst("(?m)^categories:\\n", "categories:\n" + RULE);
        Path overlay = lake.resolve("config-fixed");
        write(overlay.resolve("categories.yml"), categories);
        return JobConfig.load(new OverlayConfigSource(new LakeFs(spark.sparkContext().hadoopConfiguration()),
                overlay.toString(), stock));
    }

    /** Fixes the config, replays every batch with open entries and prints the outcome. */
    static ReplayReport run(SparkSession spark, Path lake, LocalDate ingestDate, PrintStream out) {
        out.println();
        out.println("[demo]   fix: " + FILE + " names the category '" + CATEGORY + "', which config/categories.yml "
                + "lacks; adding it in " + lake.resolve("config-fixed/categories.yml") + " and replaying");
        JobConfig fixed = fixedConfig(spark, lake);
        ReplayReport report = new ReplayJob(spark, fixed, new Progress(out, "replay"))
                .run(new ReplayJob.Options(lake.toUri().toString(), null, List.of(), List.of(), ingestDate));
        report.summary().forEach(out::println);
        if (report.replayed()) {
            new ReportStore(new LakeFs(spark.sparkContext().hadoopConfiguration()), fixed.lake(),
                    lake.toUri().toString()).ingest(report.batchId()).orElseThrow().files().stream()
                    .filter(f -> f.sourceFile().equals(FILE))
                    .forEach(f -> out.printf("cleared: %s is %s now, %d of %d rows valid%n", FILE, f.status(),
                            f.rowsValid(), f.rowsRead()));
        }
        return report;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
