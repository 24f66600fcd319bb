package dev.sparkflow.jobs.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.model.ReplayReport;
import dev.sparkflow.lake.LakeLayout;

import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the run reports under {@code reports/}; the ingest reports double as the checksum ledger. */
public final class ReportStore {
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final LakeFs fs;
    private final LakeLayout layout;
    private final String lake;

    public ReportStore(LakeFs fs, LakeLayout layout, String lake) {
        this.fs = fs;
        this.layout = layout;
        this.lake = lake;
    }

    public String ingestPath(String batchId) {
        return layout.reportPath(lake, LakeLayout.INGEST, batchId);
    }

    public String curatePath(String batchId) {
        return layout.reportPath(lake, LakeLayout.CURATE, batchId);
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
        fs.writeText(layout.ingestFilesPath(lake, LocalDate.parse(report.ingestDate()), report.batchId()), lines.toString());
    }

    public void write(CurateReport report) {
        fs.writeText(curatePath(report.batchId()), json(report));
    }

    public Optional<CurateReport> curate(String batchId) {
        return fs.readText(curatePath(batchId)).map(text -> read(text, CurateReport.class));
    }

    public void write(ReplayReport report) {
        fs.writeText(layout.reportPath(lake, LakeLayout.REPLAY, report.batchId()), json(report));
    }

    /** The reports of every replay batch, oldest first (by ingest date, then batch id). */
    public List<ReplayReport> replays() {
        List<ReplayReport> replays = new ArrayList<>();
        for (String name : fs.children(layout.reportsPath(lake, LakeLayout.REPLAY))) {
            LakeLayout.reportBatchId(name).flatMap(this::replay).ifPresent(replays::add);
        }
        replays.sort(Comparator.comparing(ReplayReport::ingestDate).thenComparing(ReplayReport::batchId));
        return replays;
    }

    /** The report of replay batch {@code batchId}, or empty when that batch was no replay. */
    public Optional<ReplayReport> replay(String batchId) {
        return fs.readText(layout.reportPath(lake, LakeLayout.REPLAY, batchId)).map(text -> read(text, ReplayReport.class));
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
        for (String name : fs.children(layout.reportsPath(lake, LakeLayout.INGEST))) {
            Optional<String> batch = LakeLayout.reportBatchId(name);
            if (batch.isEmpty() || batch.get().equals(exceptBatch)) continue;
            IngestReport report = read(fs.readText(ingestPath(batch.get())).orElseThrow(), IngestReport.class);
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
