package dev.sparkflow.launcher.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkflow.lake.LakeLayout;
import dev.sparkflow.testing.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The jar's layout is the repository's config/lake.yml (the ignored-files rule itself is lake-layout's to test). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LakeTest {

    @Test
    void the_bundled_layout_is_config_lake_yml() throws IOException {
        Path lakeYml = Path.of(System.getenv(MotoServer.REPO_ROOT_ENV), "config", "lake.yml");
        try (InputStream in = Files.newInputStream(lakeYml)) {
            assertEquals(LakeLayout.load(in), Lake.LAYOUT);
        }
    }
}
