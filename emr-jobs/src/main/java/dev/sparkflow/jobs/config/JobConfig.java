package dev.sparkflow.jobs.config;

import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.lake.LakeLayout;

import java.io.Serializable;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything the jobs read from config/: lake layout, accounts, source profiles, categories, synonyms, and the user's
 * category overrides.
 */
public record JobConfig(LakeLayout lake, Accounts accounts, List<SourceProfile> profiles,
                        CategoryRules categories, ColumnSynonyms synonyms, CategoryOverrides overrides)
        implements Serializable {

    /** The user's corrections of categories, beside the rules. */
    public static final String OVERRIDES = "category-overrides.csv";

    public JobConfig {
        profiles = List.copyOf(profiles);
        // The dashboards join every category to the categories table: an override may only name a known one.
        List<String> unknown = overrides.byTransactionId().values().stream().distinct()
                .filter(c -> !categories.knownCategories().contains(c)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(OVERRIDES + " names categories that categories.yml does not: " + unknown
                    + " (add them to its extra_categories)");
        }
    }

    /** Reads and validates every config file; a malformed file fails here, before any data is touched. */
    public static JobConfig load(ConfigSource source) {
        LakeLayout lake = LakeLayout.load(new StringReader(source.read("lake.yml")))
                .requireDatasets(Arrays.stream(LakeDataset.values()).map(LakeDataset::dirName).toList());
        Accounts accounts = Yaml.read("accounts.yml", source.read("accounts.yml"), Accounts.class);
        CategoryRules categories = Yaml.read("categories.yml", source.read("categories.yml"), CategoryRules.class);
        Map<String, Map<String, List<String>>> synonyms = Yaml.read("column-synonyms.yml",
                source.read("column-synonyms.yml"), SynonymFile.class);
        List<SourceProfile> profiles = source.list("profiles").stream()
                .filter(p -> p.endsWith(".yml") || p.endsWith(".yaml"))
                .map(p -> Yaml.read(p, source.read(p), SourceProfile.class))
                .toList();
        for (SourceProfile profile : profiles) {
            LakeDataset.fromDirName(profile.dataset());
        }
        CategoryOverrides overrides = CategoryOverrides.parse(source.read(OVERRIDES));
        return new JobConfig(lake, accounts, profiles, categories, ColumnSynonyms.of(synonyms), overrides);
    }

    /** The profiles that describe files of {@code dataset}. */
    public List<SourceProfile> profilesFor(LakeDataset dataset) {
        return profiles.stream().filter(p -> p.dataset().equals(dataset.dirName())).toList();
    }

    /** Jackson needs a concrete type for the synonyms map. */
    static final class SynonymFile extends java.util.LinkedHashMap<String, Map<String, List<String>>> {
    }
}
