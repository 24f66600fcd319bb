package dev.sparkflow.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config/lake.yml as every component loads it, and the lake paths built from it. */
class LakeLayoutTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @Test
    void lake_yml_loads_with_its_zones_datasets_reference_tables_and_ignored_files_in_order() throws IOException {
        LakeLayout lake = RepoLake.get();
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(RepoLake.file().toFile());
        List<String> ignored = new ArrayList<>();
        yaml.get("ignored_files").forEach(entry -> ignored.add(entry.asText()));

        assertEquals("landing", lake.zones().get(LakeLayout.LANDING));
        assertEquals(List.of("transactions", "balances", "budgets", "holdings", "fx_rates"), lake.datasets());
        assertEquals(List.of("accounts", "categories"), lake.referenceTables());
        assertEquals(ignored, lake.ignoredFiles(), "the order decides which entry is reported");
        assertEquals("landing/", lake.landingKeyPrefix());
    }

    @Test
    void the_json_form_the_launcher_carries_reads_back_to_the_same_layout(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out/lake.json");
        LakeJson.main(new String[]{RepoLake.file().toString(), json.toString()});
        try (InputStream in = Files.newInputStream(json)) {
            assertEquals(RepoLake.get(), LakeLayout.loadJson(in));
        }
        String text = Files.readString(json);
        assertTrue(text.contains("\"ignored_files\"") && text.contains("\"reference_tables\""), text);
        // The JSON reader refuses what the YAML one refuses.
        assertThrows(UncheckedIOException.class, () -> LakeLayout.loadJson(new ByteArrayInputStream(
                text.replace("\"ignored_files\"", "\"ignore_files\"").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void a_zone_missing_or_an_unknown_key_fails_the_load_naming_lake_yml() {
        String zones = "zones: {landing: landing, raw: raw, validated: validated, quarantine: quarantine, "
                + "curated: curated, reports: reports, resolved: quarantine_resolved}\n";
        String rest = "datasets: [transactions]\nreference_tables: [accounts, categories]\nignored_files: []\n";
        assertEquals(List.of("transactions"), LakeLayout.load(new StringReader(zones + rest)).datasets());

        UncheckedIOException noRaw = assertThrows(UncheckedIOException.class,
                () -> LakeLayout.load(new StringReader(zones.replace(" raw: raw,", "") + rest)));
        assertTrue(noRaw.getMessage().startsWith("cannot read lake.yml: ")
                && noRaw.getMessage().contains("lake.yml: zone 'raw' is missing"), noRaw.getMessage());
        UncheckedIOException typo = assertThrows(UncheckedIOException.class,
                () -> LakeLayout.load(new StringReader(zones + rest + "ignore_files: []\n")));
        assertTrue(typo.getMessage().contains("ignore_files"), typo.getMessage());
    }

    @Test
    void a_component_refuses_a_lake_yml_that_lacks_one_of_its_datasets() {
        LakeLayout lake = RepoLake.get();
        assertSame(lake, lake.requireDatasets(List.of("transactions", "holdings")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> lake.requireDatasets(List.of("transactions", "pensions")));
        assertEquals("lake.yml: dataset 'pensions' is missing", refused.getMessage());
    }

    @Test
    void paths_follow_the_zone_prefixes_and_partition_folders() {
        LakeLayout lake = RepoLake.get();
        String root = "s3a://lake/";
        assertEquals("s3a://lake/landing", lake.zoneRoot(root, LakeLayout.LANDING));
        assertEquals("s3a://lake/curated/transactions", lake.path("s3a://lake", LakeLayout.CURATED, "transactions"));
        assertEquals("s3a://lake/raw/balances/ingest_date=2026-03-01/batch_id=b1",
                lake.batchPath(root, LakeLayout.RAW, "balances", DAY, "b1"));
        assertEquals("s3a://lake/raw/unsorted/ingest_date=2026-03-01/batch_id=b1", lake.unsortedPath(root, DAY, "b1"));
        assertEquals("s3a://lake/validated/budgets/batch_id=b1", lake.validatedPath(root, "budgets", "b1"));
        assertEquals("s3a://lake/curated/transactions/year=2026/month=3",
                lake.curatedMonthPath(root, "transactions", YearMonth.of(2026, 3)));
        assertEquals("s3a://lake/curated/categories", lake.referencePath(root, LakeLayout.CATEGORIES));
        assertEquals("s3a://lake/reports/curate/b1.json", lake.reportPath(root, LakeLayout.CURATE, "b1"));
        assertEquals(java.util.Optional.of("b1"), LakeLayout.reportBatchId("b1.json"));
        assertEquals(java.util.Optional.empty(), LakeLayout.reportBatchId("b1.json.tmp"));
        assertEquals(java.util.Optional.empty(), LakeLayout.reportBatchId(".json"));
        assertEquals("s3a://lake/reports/ingest_files/ingest_date=2026-03-01/b1.jsonl", lake.ingestFilesPath(root, DAY, "b1"));
        assertEquals("s3a://lake/models/categories", lake.modelPath(root, LakeLayout.CATEGORY_MODEL));
    }

    @Test
    void an_empty_root_gives_paths_within_the_lake_for_catalog_templates() {
        LakeLayout lake = RepoLake.get();
        assertEquals("quarantine/transactions", lake.path("", LakeLayout.QUARANTINE, "transactions"));
        assertEquals("{lake}/curated/holdings/year=${year}/month=${month}",
                lake.curatedMonthPath("{lake}", "holdings", "${year}", "${month}"));
        assertEquals("reports/ingest_files/ingest_date=${ingest_date}",
                LakeLayout.ingestDatePath(lake.reportsPath("", LakeLayout.INGEST_FILES), "${ingest_date}"));
    }

    @Test
    void the_prefixes_come_from_lake_yml_not_from_the_zone_keys() {
        LakeLayout lake = RepoLake.get();
        Map<String, String> zones = new java.util.HashMap<>(lake.zones());
        zones.put(LakeLayout.LANDING, "drop");
        zones.put(LakeLayout.CURATED, "gold");
        LakeLayout renamed = new LakeLayout(zones, lake.datasets(), lake.referenceTables(), lake.ignoredFiles());
        assertEquals("drop/", renamed.landingKeyPrefix());
        assertEquals("/tmp/lake/gold/accounts", renamed.referencePath("/tmp/lake", LakeLayout.ACCOUNTS));
    }

    @Test
    void an_unknown_dataset_zone_or_reference_table_is_refused() {
        LakeLayout lake = RepoLake.get();
        assertThrows(IllegalArgumentException.class, () -> lake.path("/l", LakeLayout.CURATED, "unsorted"));
        assertThrows(IllegalArgumentException.class, () -> lake.zoneRoot("/l", "marts-typo"));
        assertThrows(IllegalArgumentException.class, () -> lake.referencePath("/l", "transactions"));
    }

    @Test
    void the_layout_travels_to_spark_executors_by_java_serialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(RepoLake.get());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(RepoLake.get(), in.readObject());
        }
    }

    @Test
    void a_replay_batch_s_resolutions_have_a_folder_of_their_own_beside_the_quarantine() {
        LakeLayout lake = RepoLake.get();
        assertEquals("s3a://b/quarantine_resolved/ingest_date=2026-12-07/resolved_by_batch=replay-1",
                lake.resolvedPath("s3a://b", java.time.LocalDate.of(2026, 12, 7), "replay-1"));
        assertEquals("s3a://b/reports/replay/replay-1.json", lake.reportPath("s3a://b", LakeLayout.REPLAY, "replay-1"));
    }
}
