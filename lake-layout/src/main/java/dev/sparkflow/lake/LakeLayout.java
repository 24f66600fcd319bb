package dev.sparkflow.lake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zone prefixes, dataset names and the landed files that are not data, from config/lake.yml; paths built from them.
 * A path method takes the lake's root ({@code s3a://bucket}, {@code /tmp/lake}); "" gives the path within the lake.
 */
public record LakeLayout(Map<String, String> zones, List<String> datasets, List<String> referenceTables,
                         List<String> ignoredFiles) implements Serializable {

    /** Zone keys every component relies on. */
    public static final String LANDING = "landing", RAW = "raw", VALIDATED = "validated",
            QUARANTINE = "quarantine", CURATED = "curated", REPORTS = "reports", RESOLVED = "resolved";
    /** Reference tables curate writes from config/. */
    public static final String ACCOUNTS = "accounts", CATEGORIES = "categories";
    /** raw/'s folder for landed files of no dataset; reports/' folders (ingest_files: one JSON line per file). */
    public static final String UNSORTED = "unsorted", INGEST = "ingest", CURATE = "curate", INGEST_FILES = "ingest_files";
    /** The zone of learned models (optional: only the jobs that train or apply one need it), and the category model. */
    public static final String MODELS = "models", CATEGORY_MODEL = "categories";
    /** reports/' folder of the replays: what a replay re-read, resolved and left open. */
    public static final String REPLAY = "replay";
    /** A run report's file name: {@code <batch>.json}. */
    private static final String REPORT = ".json";
    /** The layout as JSON, the same keys as lake.yml (the launcher's copy: no YAML parser in its jar). */
    private static final ObjectMapper JSON = mapper(new ObjectMapper());

    public LakeLayout {
        for (String zone : List.of(LANDING, RAW, VALIDATED, QUARANTINE, CURATED, REPORTS, RESOLVED)) {
            if (zones == null || !zones.containsKey(zone)) {
                throw new IllegalArgumentException("lake.yml: zone '" + zone + "' is missing");
            }
        }
        if (datasets == null || datasets.isEmpty()) {
            throw new IllegalArgumentException("lake.yml: datasets is missing");
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

    /** Reads and validates lake.yml; a malformed file fails here, naming lake.yml. */
    public static LakeLayout load(Reader yaml) {
        // In its own class, so a reader of the JSON copy (the launcher) needs no YAML parser on its classpath.
        return LakeYaml.read(yaml);
    }

    /** {@link #load(Reader)} of UTF-8 bytes. */
    public static LakeLayout load(InputStream yaml) {
        return load(new InputStreamReader(yaml, StandardCharsets.UTF_8));
    }

    /** Reads and validates the JSON form {@link #toJson()} writes. */
    public static LakeLayout loadJson(InputStream json) {
        return read(JSON, new InputStreamReader(json, StandardCharsets.UTF_8));
    }

    /** This layout as JSON, with lake.yml's keys. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lake layout as JSON", e);
        }
    }

    /**
     * lake.yml's keys (snake_case), unknown keys rejected so typos fail loudly, whatever the format; written with sorted
     * keys, so the same lake.yml always makes the same bytes (the launcher jar is reproducible).
     */
    static ObjectMapper mapper(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    static LakeLayout read(ObjectMapper mapper, Reader text) {
        try {
            return mapper.readValue(text, LakeLayout.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lake.yml: " + e.getMessage(), e);
        }
    }

    /** This layout, refused when it does not name every one of {@code datasets} (a component's typed list). */
    public LakeLayout requireDatasets(Collection<String> names) {
        for (String dataset : names) {
            if (!datasets.contains(dataset)) {
                throw new IllegalArgumentException("lake.yml: dataset '" + dataset + "' is missing");
            }
        }
        return this;
    }

    /** The ignored_files entry {@code landedPath} (below landing/) matches, or empty for a file the jobs read. */
    public Optional<String> ignoredBy(String landedPath) {
        return IgnoredFiles.rule(ignoredFiles, landedPath);
    }

    /** The drop zone's key prefix, {@code landing/}: new objects under it start the pipeline. */
    public String landingKeyPrefix() {
        return zones.get(LANDING) + "/";
    }

    /** {@code <lake>/<zone prefix>/<dataset>}, e.g. {@code s3a://lake/curated/transactions}. */
    public String path(String lakeRoot, String zone, String dataset) {
        if (!datasets.contains(dataset)) {
            throw new IllegalArgumentException("unknown dataset " + dataset);
        }
        return zoneRoot(lakeRoot, zone) + "/" + dataset;
    }

    /** {@code <lake>/<zone>/<dataset>/ingest_date=<d>/batch_id=<b>}: where one batch's raw files and rejects go. */
    public String batchPath(String lakeRoot, String zone, String dataset, LocalDate ingestDate, String batchId) {
        return ingestDatePath(path(lakeRoot, zone, dataset), ingestDate.toString()) + "/batch_id=" + batchId;
    }

    /** {@code <lake>/raw/unsorted/ingest_date=<d>/batch_id=<b>}: the archived files of no dataset. */
    public String unsortedPath(String lakeRoot, LocalDate ingestDate, String batchId) {
        return ingestDatePath(zoneRoot(lakeRoot, RAW) + "/" + UNSORTED, ingestDate.toString()) + "/batch_id=" + batchId;
    }

    /**
     * {@code <lake>/quarantine_resolved/ingest_date=<d>/resolved_by_batch=<b>}: the earlier quarantine entries replay
     * batch {@code b} resolved; quarantine/ itself is never rewritten. The folder is named for the column it holds:
     * the rows' own batch_id is the batch of the entry they resolve.
     */
    public String resolvedPath(String lakeRoot, LocalDate ingestDate, String batchId) {
        return ingestDatePath(zoneRoot(lakeRoot, RESOLVED), ingestDate.toString()) + "/resolved_by_batch=" + batchId;
    }

    /** {@code <lake>/validated/<dataset>/batch_id=<b>}: one batch's typed rows between ingest and curate. */
    public String validatedPath(String lakeRoot, String dataset, String batchId) {
        return path(lakeRoot, VALIDATED, dataset) + "/batch_id=" + batchId;
    }

    /** {@code <lake>/curated/<dataset>/year=<y>/month=<m>}, unpadded as Spark writes integer partitions. */
    public String curatedMonthPath(String lakeRoot, String dataset, YearMonth month) {
        return curatedMonthPath(lakeRoot, dataset, "" + month.getYear(), "" + month.getMonthValue());
    }

    /** The same with any text for year and month, e.g. Athena's {@code ${year}}. */
    public String curatedMonthPath(String lakeRoot, String dataset, String year, String month) {
        return path(lakeRoot, CURATED, dataset) + "/year=" + year + "/month=" + month;
    }

    /** {@code <lake>/curated/<table>} for a reference table. */
    public String referencePath(String lakeRoot, String table) {
        if (!referenceTables.contains(table)) {
            throw new IllegalArgumentException("unknown reference table " + table);
        }
        return zoneRoot(lakeRoot, CURATED) + "/" + table;
    }

    /** {@code <lake>/reports/<folder>} ({@link #INGEST}, {@link #CURATE}, {@link #INGEST_FILES}). */
    public String reportsPath(String lakeRoot, String folder) {
        return zoneRoot(lakeRoot, REPORTS) + "/" + folder;
    }

    /** {@code <lake>/reports/<folder>/<batch>.json}: one run's report. */
    public String reportPath(String lakeRoot, String folder, String batchId) {
        return reportsPath(lakeRoot, folder) + "/" + batchId + REPORT;
    }

    /** The batch whose report {@code fileName} (a name in a reports/ folder) is, or empty for another file. */
    public static Optional<String> reportBatchId(String fileName) {
        return fileName.endsWith(REPORT) && fileName.length() > REPORT.length()
                ? Optional.of(fileName.substring(0, fileName.length() - REPORT.length())) : Optional.empty();
    }

    /** {@code <lake>/reports/ingest_files/ingest_date=<d>/<batch>.jsonl}: one batch's report lines, a file each. */
    public String ingestFilesPath(String lakeRoot, LocalDate ingestDate, String batchId) {
        return ingestDatePath(reportsPath(lakeRoot, INGEST_FILES), ingestDate.toString()) + "/" + batchId + ".jsonl";
    }

    /** {@code <lake>/models/<model>}: every version of a learned model and the pointer to the current one. */
    public String modelPath(String lakeRoot, String model) {
        return zoneRoot(lakeRoot, MODELS) + "/" + model;
    }

    /** {@code <path>/ingest_date=<d>}, with any text for the date, e.g. Athena's {@code ${ingest_date}}. */
    public static String ingestDatePath(String path, String ingestDate) {
        return path + "/ingest_date=" + ingestDate;
    }

    /** {@code <lake>/<zone prefix>}. */
    public String zoneRoot(String lakeRoot, String zone) {
        String prefix = zones.get(zone);
        if (prefix == null) {
            throw new IllegalArgumentException("unknown lake zone " + zone);
        }
        return lakeRoot.isEmpty() ? prefix : stripSlash(lakeRoot) + "/" + prefix;
    }

    private static String stripSlash(String root) {
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }
}
