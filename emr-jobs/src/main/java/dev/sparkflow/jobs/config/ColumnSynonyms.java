package dev.sparkflow.jobs.config;

import dev.sparkflow.jobs.model.LakeDataset;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Header names per column role, per dataset, from config/column-synonyms.yml (used by layout inference). */
public record ColumnSynonyms(Map<String, Map<String, List<String>>> byDataset) implements Serializable {

    /** The role a header cell names for {@code dataset}, if any; roles are tried in file order. */
    public Optional<String> roleOf(LakeDataset dataset, String normalisedHeaderCell) {
        Map<String, List<String>> roles = byDataset.getOrDefault(dataset.dirName(), Map.of());
        for (Map.Entry<String, List<String>> role : roles.entrySet()) {
            if (role.getValue().contains(normalisedHeaderCell)) {
                return Optional.of(role.getKey());
            }
        }
        return Optional.empty();
    }

    static ColumnSynonyms of(Map<String, Map<String, List<String>>> raw) {
        Map<String, Map<String, List<String>>> normalised = new LinkedHashMap<>();
        raw.forEach((dataset, roles) -> {
            Map<String, List<String>> byRole = new LinkedHashMap<>();
            roles.forEach((role, names) -> byRole.put(role, names.stream().map(HeaderNames::normalise).toList()));
            normalised.put(dataset, byRole);
        });
        return new ColumnSynonyms(normalised);
    }
}
