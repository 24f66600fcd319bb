package dev.sparkflow.jobs.learn;

import dev.sparkflow.jobs.LocalSpark;
import dev.sparkflow.jobs.config.CategoryRules;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalSpark.class)
class CategoryModelTest {
    private static final StructType ROWS = new StructType()
            .add("transaction_id", DataTypes.StringType)
            .add("account_id", DataTypes.StringType)
            .add("amount", DataTypes.createDecimalType(18, 2))
            .add("direction", DataTypes.StringType)
            .add("merchant", DataTypes.StringType)
            .add("description", DataTypes.StringType)
            .add("category", DataTypes.StringType);

    private static PipelineModel model;

    private static Row row(String id, String amount, String merchant, String description, String category) {
        BigDecimal value = new BigDecimal(amount);
        return RowFactory.create(id, "DE-CHECKING", value, value.signum() < 0 ? "out" : "in", merchant, description,
                category);
    }

    private static Dataset<Row> frame(List<Row> rows) {
        return LocalSpark.spark().createDataFrame(rows, ROWS);
    }

    /** Twenty rows each of three categories whose words differ, amounts in their usual ranges. */
    private static List<Row> history() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row("g" + i, "-" + (20 + i) + ".40", "Edeka", "EDEKA MARKT " + (1000 + i) + " KARTENZAHLUNG", "groceries"));
            rows.add(row("t" + i, "-" + (50 + i) + ".00", "Aral", "ARAL TANKSTELLE " + i + " BENZIN", "transport"));
            rows.add(row("s" + i, "2" + (100 + i) + ".00", "ACME GmbH", "GEHALT LOHN " + (i + 1) + "/2026", "income"));
        }
        return rows;
    }

    @BeforeAll
    static void train() {
        model = CategoryModel.train(frame(history()));
    }

    private static Map<String, Row> suggest(List<Row> rows) {
        return CategoryModel.suggest(model, frame(rows).drop("category")).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("transaction_id")), r -> r));
    }

    @Test
    void suggests_the_category_of_rows_like_those_it_learned_from_with_high_confidence() {
        Map<String, Row> out = suggest(List.of(
                row("new-g", "-31.10", "Edeka", "EDEKA MARKT 2301 KARTENZAHLUNG", null),
                row("new-t", "-61.00", "Aral", "ARAL TANKSTELLE 77 BENZIN", null),
                row("new-s", "2150.00", "ACME GmbH", "GEHALT LOHN 12/2026", null)));
        assertEquals("groceries", out.get("new-g").getAs(CategoryModel.SUGGESTED));
        assertEquals("transport", out.get("new-t").getAs(CategoryModel.SUGGESTED));
        assertEquals("income", out.get("new-s").getAs(CategoryModel.SUGGESTED));
        for (Row r : out.values()) {
            double confidence = r.getAs(CategoryModel.CONFIDENCE);
            assertTrue(confidence >= CategoryRules.DEFAULT_MODEL_MIN_CONFIDENCE, r.toString());
            assertTrue(confidence <= 1.0, r.toString());
        }
        // The model's working columns are gone; the row's own columns stay.
        assertEquals(List.of("transaction_id", "account_id", "amount", "direction", "merchant", "description",
                        "category", CategoryModel.SUGGESTED, CategoryModel.CONFIDENCE),
                List.of(CategoryModel.suggest(model, frame(history())).columns()));
    }

    @Test
    void a_row_with_no_word_it_knows_is_less_certain_and_is_not_taken_at_the_threshold() {
        Map<String, Row> out = suggest(List.of(
                row("known", "-30.00", "Edeka", "EDEKA MARKT 99 KARTENZAHLUNG", null),
                row("unknown", "-30.00", "Zyxw", "QWERTZ PLOPP", null)));
        double known = out.get("known").getAs(CategoryModel.CONFIDENCE);
        double unknown = out.get("unknown").getAs(CategoryModel.CONFIDENCE);
        assertTrue(unknown < known, unknown + " vs " + known);
        Row taken = CategoryModel.suggest(model, frame(List.of(row("unknown", "-30.00", "Zyxw", "QWERTZ PLOPP", null)))
                        .drop("category"))
                .select(CategoryModel.taken(0.99).alias("taken")).first();
        assertNull(taken.get(0));
    }

    @Test
    void the_saved_model_suggests_what_the_trained_one_does(@TempDir Path dir) throws Exception {
        String path = dir.resolve("categories").toUri().toString();
        model.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        Row row = CategoryModel.suggest(loaded, frame(List.of(row("x", "-55.00", "Aral", "ARAL TANKSTELLE 3 BENZIN", null)))
                .drop("category")).first();
        assertEquals("transport", row.getAs(CategoryModel.SUGGESTED));
    }

    @Test
    void the_row_by_row_scorer_curate_uses_says_what_the_pipeline_says() {
        List<Row> rows = List.of(row("a", "-31.10", "Edeka", "EDEKA MARKT 2301 KARTENZAHLUNG", null),
                row("b", "2150.00", "ACME GmbH", "GEHALT LOHN 12/2026", null),
                row("c", "-30.00", "Zyxw", "QWERTZ PLOPP", null),
                row("d", "-61.00", "Aral", "ARAL TANKSTELLE Edeka BENZIN", null));
        Map<String, Row> pipeline = suggest(rows);
        CategoryScorer scorer = CategoryScorer.of(model);
        for (Row r : rows) {
            CategoryScorer.Suggestion s = scorer.score(r.getString(4), r.getString(5), r.getString(3), r.getString(1),
                    r.getDecimal(2));
            Row expected = pipeline.get(r.getString(0));
            assertEquals(expected.<String>getAs(CategoryModel.SUGGESTED), s.category(), r.toString());
            assertEquals(expected.<Double>getAs(CategoryModel.CONFIDENCE), s.confidence(), 1e-9, r.toString());
        }
    }

    @Test
    void the_words_are_the_texts_words_and_the_rows_direction_account_and_order_of_magnitude() {
        assertEquals(List.of("rewe", "rewe", "markt", "köln", "dir_out", "acct_de_checking", "amt_2"),
                List.of(CategoryModel.words("REWE", "REWE Markt/Köln a", "out", "DE-CHECKING", new BigDecimal("-123.45"))));
    }

    @Test
    void training_on_curated_rows_of_one_category_makes_no_model() {
        Dataset<Row> one = frame(history()).filter("category = 'groceries'")
                .withColumn(CategoryModel.SOURCE, org.apache.spark.sql.functions.lit("rule"));
        assertTrue(CategoryTraining.train(one, 0.6, "uncategorised", "transfer").isEmpty());
        Dataset<Row> all = frame(history()).withColumn(CategoryModel.SOURCE, org.apache.spark.sql.functions.lit("rule"));
        CategoryTraining.Metrics m = CategoryTraining.train(all, 0.6, "uncategorised", "transfer").orElseThrow().metrics();
        assertEquals(List.of("groceries", "income", "transport"), m.categories());
        assertEquals(60, m.rowsTrainedOn());
    }

    @Test
    void one_category_is_nothing_to_learn() {
        List<Row> one = history().stream().filter(r -> r.getString(6).equals("groceries")).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CategoryModel.train(frame(one)));
        assertTrue(e.getMessage().contains("at least two categories"), e.getMessage());
    }
}
