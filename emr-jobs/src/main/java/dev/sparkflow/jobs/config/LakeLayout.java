package dev.sparkflow.jobs.config;

import dev.sparkflow.jobs.model.Dataset;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** Zone prefixes and dataset names from config/lake.yml, and the paths built from them. */
public record LakeLayout(Map<String, String> zones, List<String> datasets) implements Serializable {

    /** Zone keys every component relies on. */
    public static final String LANDING = "landing", RAW = "raw", VALIDATED = "validated",
            QUARANTINE = "quarantine", CURATED = "curated", REPORTS = "reports";

    public LakeLayout {
        for (String zone : List.of(LANDING, RAW, VALIDATED, QUARANTINE, CURATED, REPORTS)) {
            if (!zones.containsKey(zone)) {
                throw new IllegalArgumentException("lake.yml: zone '" + zone + "' is missing");
            }
        }
        for (Dataset dataset : Dataset.values()) {
            if (!datasets.contains(dataset.dirName())) {
                throw new IllegalArgumentException("lake.yml: dataset '" + dataset.dirName() + "' is missing");
            }
        }
        zones = Map.copyOf(zones);
        datasets = List.copyOf(datasets);
    }

    /** {@code <lake>/<zone prefix>/<dataset>}, e.g. {@code s3a://lake/curated/transactions}. */
    public String path(String lakeRoot, String zone, Dataset dataset) {
        return zoneRoot(lakeRoot, zone) + "/" + dataset.dirName();
    }

    /** {@code <lake>/<zone prefix>}. */
    public String zoneRoot(String lakeRoot, String zone) {
        String prefix = zones.get(zone);
        if (prefix == null) {
            throw new IllegalArgumentException("unknown lake zone " + zone);
        }
        return stripSlash(lakeRoot) + "/" + prefix;
    }

    private static String stripSlash(String root) {
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }
}
