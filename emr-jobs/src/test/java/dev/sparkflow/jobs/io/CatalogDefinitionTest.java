package dev.sparkflow.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.LakeSchemas;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogDefinitionTest {
    private static final Path COMMITTED = Path.of(System.getenv("SPARKFLOW_REPO_ROOT"),
            "infra/terraform/modules/catalog/tables.json");

    @Test
    void the_committed_glue_tables_are_what_the_jobs_schemas_generate() throws Exception {
        assertEquals(CatalogDefinition.json(TestConfig.get().lake()), Files.readString(COMMITTED),
                "infra/terraform/modules/catalog/tables.json is stale: run `make catalog`");
    }

    @Test
    void every_partitioned_table_projects_each_of_its_partition_keys_into_its_location() throws Exception {
        JsonNode tables = ReportStore.JSON.readTree(CatalogDefinition.json(TestConfig.get().lake())).get("tables");
        List<String> partitioned = new ArrayList<>();
        tables.fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            if (t.get("partition_keys").isEmpty()) return;
            partitioned.add(e.getKey());
            JsonNode p = t.get("parameters");
            assertEquals("true", p.get("projection.enabled").asText(), e.getKey());
            String template = p.get("storage.location.template").asText();
            assertTrue(template.startsWith("{lake}/" + t.get("location").asText() + "/"), template);
            t.get("partition_keys").forEach(k -> {
                String key = k.get("name").asText();
                assertTrue(template.contains(key + "=${" + key + "}"), e.getKey() + ": " + template);
                assertTrue(p.has("projection." + key + ".type"), e.getKey() + " lacks a projection for " + key);
            });
        });
        assertTrue(partitioned.containsAll(List.of("transactions", "balances", "budgets", "quarantine_transactions",
                "ingest_files")), partitioned.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void dbt_declares_each_lake_source_with_exactly_the_catalog_columns() throws Exception {
        JsonNode tables = ReportStore.JSON.readTree(CatalogDefinition.json(TestConfig.get().lake())).get("tables");
        // SnakeYAML, not Jackson: the sources file shares the quarantine columns through a YAML alias.
        Map<String, Object> file = new org.yaml.snakeyaml.Yaml().load(Files.readString(
                Path.of(System.getenv("SPARKFLOW_REPO_ROOT"), "dbt/models/staging/_lake__sources.yml")));
        List<Map<String, Object>> sources = (List<Map<String, Object>>)
                ((List<Map<String, Object>>) file.get("sources")).get(0).get("tables");
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> source : sources) {
            String name = (String) source.get("name");
            assertTrue(tables.has(name), "dbt source " + name + " is not a catalog table");
            List<String> declared = ((List<Map<String, Object>>) source.get("columns")).stream()
                    .map(c -> (String) c.get("name")).toList();
            List<String> catalog = new ArrayList<>();
            tables.get(name).get("columns").forEach(c -> catalog.add(c.get("name").asText()));
            assertEquals(catalog, declared, "columns of dbt source " + name);
            checked.add(name);
        }
        assertTrue(checked.containsAll(List.of("transactions", "balances", "budgets", "accounts", "categories",
                "quarantine_transactions")), checked.toString());
    }

    @Test
    void the_curated_transactions_table_has_every_column_curate_writes() throws Exception {
        JsonNode t = ReportStore.JSON.readTree(CatalogDefinition.json(TestConfig.get().lake())).get("tables").get("transactions");
        List<String> names = new ArrayList<>();
        t.get("columns").forEach(c -> names.add(c.get("name").asText()));
        t.get("partition_keys").forEach(c -> names.add(c.get("name").asText()));
        assertEquals(List.of(LakeSchemas.CURATED_TRANSACTIONS.fieldNames()), names);
    }
}
