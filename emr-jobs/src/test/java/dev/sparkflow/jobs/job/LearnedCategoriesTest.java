package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.config.CategoryOverrides;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.ModelStore;
import dev.sparkflow.jobs.learn.CategoryTraining;
import dev.sparkflow.jobs.model.CategorySource;
import dev.sparkflow.jobs.model.CurateReport;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learned categories on a lake on local disk: curate with no model, the user's overrides, training into a versioned
 * model, and recategorise applying it to the rows no override or rule categorised.
 */
@ExtendWith(LocalSpark.class)
class LearnedCategoriesTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), "test");

    @TempDir
    Path dir;

    /**
     * Ten rows each of three rule categories (groceries, transport, subscriptions), a supermarket no rule names
     * (Penny, described as the REWE rows are), a florist no rule names, and one row like nothing else.
     */
    private static String csv() {
        StringBuilder s = new StringBuilder("Date,Description,Amount\n");
        for (int d = 1; d <= 10; d++) {
            String day = String.format("2026-03-%02d", d);
            s.append(day).append(",REWE MARKT KOELN KARTENZAHLUNG ").append(1000 + d).append(",-").append(20 + d).append(".40\n");
            s.append(day).append(",SHELL STATION AUTOBAHN TANKEN ").append(d).append(",-").append(50 + d).append(".00\n");
            s.append(day).append(",NETFLIX.COM ABO MONAT ").append(d).append(",-12.99\n");
        }
        s.append("2026-03-20,PENNY MARKT KOELN KARTENZAHLUNG 2001,-23.10\n");
        s.append("2026-03-21,BLUMEN FLORA STRAUSS,-35.00\n");
        s.append("2026-03-22,ZZYZX QWOP,1234.00\n");
        return s.toString();
    }

    private String lake() {
        return dir.toUri().toString();
    }

    private void ingestAndCurate(JobConfig config) {
        LakeFixture.write(dir, "landing/transactions/wallet/export.csv", csv(), UTF_8);
        try (IngestJob.Ingested ingested = new IngestJob(LocalSpark.spark(), config, QUIET)
                .run(new IngestJob.Options(lake(), "b1", LakeFixture.INGEST_DATE, false))) {
            new CurateJob(LocalSpark.spark(), config, QUIET).run(lake(), ingested);
        }
    }

    /** Curated rows by the start of their description. */
    private Map<String, Row> curated() {
        return LocalSpark.spark().read().parquet(dir.resolve("curated/transactions").toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("description"), r -> r));
    }

    private Row first(String descriptionStart) {
        return curated().entrySet().stream().filter(e -> e.getKey().startsWith(descriptionStart)).findFirst()
                .orElseThrow().getValue();
    }

    private ModelStore store() {
        return new ModelStore(new LakeFs(LocalSpark.spark().sparkContext().hadoopConfiguration()),
                TestConfig.get().lake(), lake());
    }

    private static JobConfig withOverrides(String csv) {
        JobConfig c = TestConfig.get();
        return new JobConfig(c.lake(), c.accounts(), c.profiles(), c.categories(), c.synonyms(),
                CategoryOverrides.parse(CategoryOverrides.HEADER + "\n" + csv));
    }

    @Test
    void with_no_model_curate_labels_by_rules_alone_and_leaves_the_rest_uncategorised_without_confidence() {
        ingestAndCurate(TestConfig.get());
        Row rewe = first("REWE"), penny = first("PENNY");
        assertEquals("groceries", rewe.getAs("category"));
        assertEquals(CategorySource.RULE, rewe.getAs("category_source"));
        assertNull(rewe.getAs("category_confidence"));
        assertEquals("uncategorised", penny.getAs("category"));
        assertEquals(CategorySource.NONE, penny.getAs("category_source"));
        assertNull(penny.getAs("category_confidence"));
        assertEquals(java.util.Optional.empty(), store().currentVersion());
    }

    @Test
    void training_saves_a_version_and_recategorise_gives_confident_rows_the_learned_category() {
        JobConfig config = TestConfig.get();
        ingestAndCurate(config);
        CategoryTraining.Metrics m = TrainCategories.run(LocalSpark.spark(), config, lake()).orElseThrow();
        assertEquals(30, m.rowsTrainedOn(), "the rule-categorised rows, nothing else");
        assertEquals(List.of("groceries", "subscriptions", "transport"), m.categories());
        assertEquals(0.6, m.minConfidence());
        assertTrue(m.hiddenRows() > 0 && m.accuracy() == 1.0, m.toString());
        assertEquals(java.util.Optional.of(m.version()), store().currentVersion());

        CurateReport.DatasetOutcome after = new CurateJob(LocalSpark.spark(), config, QUIET).recategorise(lake());
        assertEquals(33, after.rowsBefore());
        assertEquals(33, after.rowsAfter());
        Row penny = first("PENNY"), odd = first("ZZYZX");
        assertEquals("groceries", penny.getAs("category"), "its words are the REWE rows' words");
        assertEquals(CategorySource.MODEL, penny.getAs("category_source"));
        assertTrue(penny.<Double>getAs("category_confidence") >= 0.6);
        assertEquals("uncategorised", odd.getAs("category"), "below the threshold a row stays uncategorised");
        assertEquals(CategorySource.NONE, odd.getAs("category_source"));
        assertTrue(odd.<Double>getAs("category_confidence") < 0.6, "and keeps the model's confidence");
        assertEquals(CategorySource.RULE, first("REWE").getAs("category_source"), "a rule still beats the model");
        assertNull(first("REWE").getAs("category_confidence"));
        long model = after.rowsByCategorySource().get(CategorySource.MODEL);
        assertEquals(30L, after.rowsByCategorySource().get(CategorySource.RULE));
        assertEquals(3L, model + after.rowsByCategorySource().get(CategorySource.NONE));

        // Retraining does not learn from the model's own labels, writes a new version and keeps the old one.
        CategoryTraining.Metrics again = TrainCategories.run(LocalSpark.spark(), config, lake()).orElseThrow();
        assertEquals(30, again.rowsTrainedOn());
        assertNotEquals(m.version(), again.version());
        assertEquals(List.of(m.version(), again.version()), store().versions());
        assertEquals(java.util.Optional.of(again.version()), store().currentVersion());
        assertEquals(m, store().metrics(m.version()), "the old version's figures are kept as they were");
    }

    @Test
    void an_override_naming_a_category_categories_yml_does_not_know_is_refused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> withOverrides("t1,gifts\n"));
        assertTrue(e.getMessage().contains("[gifts]") && e.getMessage().contains("extra_categories"), e.getMessage());
    }

    @Test
    void an_override_is_applied_before_every_rule_and_is_learned_from() {
        ingestAndCurate(TestConfig.get());
        String florist = first("BLUMEN").getAs("transaction_id"), rewe = first("REWE MARKT KOELN KARTENZAHLUNG 1001")
                .getAs("transaction_id");
        JobConfig config = withOverrides(florist + ",shopping,mother's day\n" + rewe + ",dining\n");
        CurateReport.DatasetOutcome after = new CurateJob(LocalSpark.spark(), config, QUIET).recategorise(lake());
        assertEquals("shopping", first("BLUMEN").getAs("category"));
        assertEquals(CategorySource.OVERRIDE, first("BLUMEN").getAs("category_source"));
        assertEquals("dining", first("REWE MARKT KOELN KARTENZAHLUNG 1001").getAs("category"), "beats the groceries rule");
        assertEquals(2L, after.rowsByCategorySource().get(CategorySource.OVERRIDE));

        CategoryTraining.Metrics m = TrainCategories.run(LocalSpark.spark(), config, lake()).orElseThrow();
        assertEquals(2, m.overrides());
        assertEquals(31, m.rowsTrainedOn(), "29 rule rows and 2 overrides");
        assertTrue(m.categories().contains("shopping"), "a category only an override gave: " + m.categories());
        assertNotNull(store().current().orElseThrow().model());
    }
}
