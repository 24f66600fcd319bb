package dev.sparkflow.lake;

import dev.sparkflow.jobs.model.Dataset;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Zone prefixes, dataset names and the landed files that are not data, from config/lake.yml; paths built from them. */
public record LakeLayout(Map<String, String> zones, List<String> datasets, List<String> referenceTables,
                         List<String> ignoredFiles) implements Serializable {

    /** Zone keys every component relies on. */
    public static final String LANDING = "landing", RAW = "raw", VALIDATED = "validated",
            QUARANTINE = "quarantine", CURATED = "curated", REPORTS = "reports";
    /** Reference tables curate writes from config/. */
    public static final String ACCOUNTS = "accounts", CATEGORIES = "categories";

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
        for (String table : List.of(ACCOUNTS, CATEGORIES)) {
            if (referenceTables == null || !referenceTables.contains(table)) {
                throw new IllegalArgumentException("lake.yml: reference table '" + table + "' is missing");
            }
        }
        if (ignoredFiles == null) {
            throw new IllegalArgumentException("lake.yml: ignored_files is missing");
        }
        IgnoredFiles.validate(ignoredFiles);
        zones = Map.copyOf(zones);
        datasets = List.copyOf(datasets);
        referenceTables = List.copyOf(referenceTables);
        ignoredFiles = List.copyOf(ignoredFiles);
    }

    /** The ignored_files entry {@code landedPath} (below landing/) matches, or empty for a file the jobs read. */
    public Optional<String> ignoredBy(String landedPath) {
        return IgnoredFiles.rule(ignoredFiles, landedPath);
    }

    /** {@code <lake>/<zone prefix>/<dataset>}, e.g. {@code s3a://lake/curated/transactions}. */
    public String path(String lakeRoot, String zone, Dataset dataset) {
        return zoneRoot(lakeRoot, zone) + "/" + dataset.dirName();
    }

    /** {@code <lake>/<zone>/<dataset>/ingest_date=<d>/batch_id=<b>}: where one batch's raw files and rejects go. */
    public String batchPath(String lakeRoot, String zone, Dataset dataset, java.time.LocalDate ingestDate, String batchId) {
        return path(lakeRoot, zone, dataset) + "/ingest_date=" + ingestDate + "/batch_id=" + batchId;
    }

    /** {@code <lake>/curated/<table>} for a reference table. */
    public String referencePath(String lakeRoot, String table) {
        if (!referenceTables.contains(table)) {
            throw new IllegalArgumentException("unknown reference table " + table);
        }
        return zoneRoot(lakeRoot, CURATED) + "/" + table;
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
