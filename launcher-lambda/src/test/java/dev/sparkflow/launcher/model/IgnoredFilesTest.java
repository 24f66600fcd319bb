package dev.sparkflow.launcher.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkflow.testing.LandedNames;
import dev.sparkflow.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The launcher's copy of lake.yml's ignored_files: the same entries, and the same answers as the jobs' rule. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IgnoredFilesTest {

    static List<LandedNames.Example> examples() {
        return LandedNames.examples();
    }

    @Test
    void the_entries_are_config_lake_yml_s_in_its_order() throws IOException {
        Path lakeYml = Path.of(System.getenv(MotoServer.REPO_ROOT_ENV), "config", "lake.yml");
        JsonNode entries = new ObjectMapper(new YAMLFactory()).readTree(lakeYml.toFile()).get("ignored_files");
        List<String> fromYaml = new ArrayList<>();
        entries.forEach(entry -> fromYaml.add(entry.asText()));

        assertEquals(fromYaml, IgnoredFiles.ENTRIES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void each_landed_path_gets_the_shared_tables_answer(LandedNames.Example example) {
        assertEquals(Optional.ofNullable(example.rule()), IgnoredFiles.rule(example.path()));
    }
}
