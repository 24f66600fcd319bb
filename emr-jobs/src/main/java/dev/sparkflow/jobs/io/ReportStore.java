package dev.sparkflow.jobs.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkflow.jobs.config.LakeLayout;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the run reports under {@code reports/}; the ingest reports double as the checksum ledger. */
public final class ReportStore {
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Folder of the per-file report lines, partitioned by ingest date (an Athena table). */
    public static final String INGEST_FILES = "ingest_files";

    private final LakeFs fs;
    private final String root;

    public ReportStore(LakeFs fs, LakeLayout layout, String lake) {
        this.fs = fs;
        this.root = layout.zoneRoot(lake, LakeLayout.REPORTS);
    }

    public String ingestPath(String batchId) {
        return root + "/ingest/" + batchId + ".json";
    }

    public String curatePath(String batchId) {
        return root + "/curate/" + batchId + ".json";
    }

    /** The report for people and the DAG, plus one JSON line per file under ingest_files/ for Athena and dbt. */
    public void write(IngestReport report) {
        fs.writeText(ingestPath(report.batchId()), json(report));
        StringBuilder lines = new StringBuilder();
        for (FileReport f : report.files()) {
            ObjectNode row = JSON.createObjectNode().put("batch_id", report.batchId());
            row.setAll((ObjectNode) JSON.valueToTree(f));
            lines.append(row.toString()).append('\n');
        }
        fs.writeText(root + "/" + INGEST_FILES + "/ingest_date=" + report.ingestDate() + "/" + report.batchId() + ".jsonl",
                lines.toString());
    }

    public void write(CurateReport report) {
        fs.writeText(curatePath(report.batchId()), json(report));
    }

    public Optional<IngestReport> ingest(String batchId) {
        return fs.readText(ingestPath(batchId)).map(text -> read(text, IngestReport.class));
    }

    /**
     * sha256 -> "batch/source file" of every file a finished batch (ingested and curated) other than
     * {@code exceptBatch} took in. Rejected files may land again once config is fixed, and a batch whose curate
     * never finished does not count, so its files are taken in again by the next batch.
     */
    public Map<String, String> ingestedChecksums(String exceptBatch) {
        Map<String, String> seen = new HashMap<>();
        for (String name : fs.children(root + "/ingest")) {
            if (!name.endsWith(".json") || name.equals(exceptBatch + ".json")) continue;
            IngestReport report = read(fs.readText(root + "/ingest/" + name).orElseThrow(), IngestReport.class);
            if (!fs.exists(curatePath(report.batchId()))) continue;
            for (FileReport f : report.files()) {
                if (f.tookIn()) {
                    seen.putIfAbsent(f.sha256(), report.batchId() + "/" + f.sourceFile());
                }
            }
        }
        return seen;
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
