package dev.sparkflow.jobs.config;

import dev.sparkflow.jobs.io.ClasspathConfigSource;
import dev.sparkflow.jobs.model.LakeDataset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jobs' typed datasets against config/lake.yml, checked where the config is loaded. */
class JobConfigTest {

    @Test
    void lake_yml_names_every_dataset_of_the_jobs() {
        List<String> names = Arrays.stream(LakeDataset.values()).map(LakeDataset::dirName).toList();
        assertTrue(JobConfig.load(new ClasspathConfigSource()).lake().datasets().containsAll(names));
    }

    @Test
    void a_lake_yml_without_one_of_the_jobs_datasets_fails_the_load() {
        ConfigSource bundled = new ClasspathConfigSource();
        ConfigSource withoutHoldings = new ConfigSource() {
            @Override
            public String read(String relativePath) {
                String text = bundled.read(relativePath);
                return relativePath.equals("lake.yml") ? text.replaceFirst("(?m)^  - holdings.*$", "") : text;
            }

            @Override
            public List<String> list(String relativeDir) {
                return bundled.list(relativeDir);
            }

            @Override
            public String describe() {
                return "config/ without holdings in lake.yml";
            }
        };
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(withoutHoldings));
        assertEquals("lake.yml: dataset 'holdings' is missing", refused.getMessage());
    }
}
