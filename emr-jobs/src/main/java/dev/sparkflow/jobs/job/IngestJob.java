package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.io.SerializableHadoopConf;
import dev.sparkflow.jobs.model.Conservation;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.LakeSchemas;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;
import dev.sparkflow.jobs.parse.FileParser;
import dev.sparkflow.jobs.parse.LineCount;
import dev.sparkflow.jobs.transform.CurateRow;
import dev.sparkflow.jobs.transform.KeyCounts;
import dev.sparkflow.jobs.transform.QuarantineResolutions;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.lit;

/**
 * Ingest: landing/ -> raw/ (archive) and quarantine/ (rejected rows), plus a JSON report; landed objects that are not
 * data (lake.yml's ignored_files) are listed in the report and left alone. Valid rows go on
 * to curate in memory, or through validated/ when ingest runs as a step of its own. The driver lists,
 * checksums and archives; executors parse files one per task; the rows are counted per file as they go into the
 * writes, and the job fails if any file's rows read != valid + quarantined. No file can stop the batch: one over the
 * size limit is never read, and one whose reading fails is rejected alone ({@link GuardedParse}); either is archived
 * and reported like any other, so it leaves landing/ with the batch.
 */
public final class IngestJob {
    private final SparkSession spark;
    private final JobConfig config;
    private final LakeFs fs;
    private final Progress progress;
    private final GuardedParse.Parsing parsing;

    /**
     * Where the lake is, which batch this is (null: derive from the landed files), the ingest date, and whether
     * valid rows are also written to validated/ (for a separate curate step) or only handed on in memory.
     */
    public record Options(String lake, String batchId, LocalDate ingestDate, boolean writeValidated) {
    }

    /** The outcome of ingest: its report and the parsed files, kept in memory until {@link #close()}. */
    public static final class Ingested implements BatchRows, AutoCloseable {
        private final SparkSession spark;
        private final IngestReport report;
        private final JavaRDD<ParsedFile> parsed;

        Ingested(SparkSession spark, IngestReport report, JavaRDD<ParsedFile> parsed) {
            this.spark = spark;
            this.report = report;
            this.parsed = parsed;
        }

        public IngestReport report() {
            return report;
        }

        @Override
        public org.apache.spark.sql.Dataset<Row> rows(LakeDataset dataset) {
            return validRows(spark, parsed, dataset, null).withColumn("batch_id", lit(report.batchId()));
        }

        @Override
        public JavaRDD<CurateRow> transactions() {
            String batchId = report.batchId();
            return parsed.flatMap(p -> p.records().stream().filter(r -> r instanceof TransactionRecord)
                    .map(r -> CurateRow.fresh((TransactionRecord) r, batchId, p.report().sourceFile())).iterator());
        }

        @Override
        public void close() {
            parsed.unpersist();
        }
    }

    public IngestJob(SparkSession spark, JobConfig config, Progress progress) {
        this(spark, config, progress, FileParser::parse);
    }

    /** With {@code parsing} in place of {@link FileParser#parse}: tests hand in one that fails for some files. */
    IngestJob(SparkSession spark, JobConfig config, Progress progress, GuardedParse.Parsing parsing) {
        this.spark = spark;
        this.config = config;
        this.fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
        this.progress = progress;
        this.parsing = parsing;
    }

    /** A landed file that will be parsed: where its archived copy is, what it is, and its lines counted on its bytes. */
    record Pending(String sourceFile, LakeDataset dataset, String folder, String sha256, String rawPath, long bytes,
                   int lines) implements Serializable {
        /**
         * A file landed as {@code landing/<dataset>/[<folder>/]<name>}: {@code sourceFile} is that path below
         * landing/, so its dataset and folder (the account it was dropped for) are read from it again on a replay.
         */
        static Pending of(String sourceFile, String sha256, String rawPath, long bytes, int lines) {
            String[] parts = sourceFile.split("/");
            return new Pending(sourceFile, IngestJob.dataset(parts[0]).orElseThrow(), parts.length >= 3 ? parts[1] : null, sha256,
                    rawPath, bytes, lines);
        }
    }

    /** Where a file landed as {@code sourceFile} (below landing/, under a dataset's folder) is archived by a batch. */
    static String rawPath(LakeLayout lake, String lakeRoot, String sourceFile, LocalDate ingestDate, String batchId) {
        int slash = sourceFile.indexOf('/');
        return lake.batchPath(lakeRoot, LakeLayout.RAW, sourceFile.substring(0, slash), ingestDate, batchId) + "/"
                + sourceFile.substring(slash + 1);
    }

    public Ingested run(Options o) {
        LakeLayout lake = config.lake();
        ReportStore reports = new ReportStore(fs, lake, o.lake());
        Progress.Stage listing = progress.start("list landing/");
        List<LakeFs.Found> landed = new ArrayList<>();
        List<IngestReport.Ignored> ignored = new ArrayList<>();
        for (LakeFs.Found f : fs.listFiles(lake.zoneRoot(o.lake(), LakeLayout.LANDING))) {
            lake.ignoredBy(f.relative()).ifPresentOrElse(rule -> ignored.add(new IngestReport.Ignored(f.relative(), rule)),
                    () -> landed.add(f));
        }
        String batchId = o.batchId() != null ? o.batchId() : deriveBatchId(o.ingestDate(), landed);
        Map<String, String> ledger = reports.ingestedChecksums(batchId);
        listing.done(landed.size() + " files, " + ignored.size() + " ignored as not data, batch " + batchId);

        Progress.Stage archiving = progress.start("archive to raw/ + checksum");
        List<FileReport> fileReports = new ArrayList<>();
        List<Pending> pending = archiveAndTriage(landed, batchId, o, ledger, fileReports);
        archiving.done(landed.size() + " archived, " + (landed.size() - pending.size()) + " not parsed");
        return write(o, batchId, parse(pending, o.ingestDate(), fileReports), ignored, Set.of());
    }

    /** A batch's files parsed (kept in memory or on local disk until written) and every file's report, sorted. */
    record Parsed(JavaRDD<ParsedFile> files, List<FileReport> reports) {
    }

    /**
     * Parses {@code pending} (already archived in raw/) beside the reports of the files not parsed; fails when a
     * file's lines or rows do not add up.
     */
    Parsed parse(List<Pending> pending, LocalDate ingestDate, List<FileReport> notParsed) {
        Progress.Stage parsing = progress.start("parse + validate");
        // Kept for the writes and curate; a file's parse that does not fit in memory goes to local disk, never parsed twice.
        JavaRDD<ParsedFile> parsed = parse(pending, ingestDate).persist(StorageLevel.MEMORY_AND_DISK());
        List<FileReport> parsedReports = parsed.map(ParsedFile::report).collect();
        List<FileReport> fileReports = new ArrayList<>(notParsed);
        fileReports.addAll(parsedReports);
        fileReports.sort(Comparator.comparing(FileReport::sourceFile));
        Conservation.requireParsed(fileReports);
        parsing.done(parsedReports.size() + " files parsed");
        return new Parsed(parsed, fileReports);
    }

    /**
     * Writes a parsed batch's quarantine/ (and validated/ when asked) and its report. A rejection whose key
     * ({@link QuarantineResolutions#rejectionKey}) is in {@code stillOpen} is not written again: it repeats an open entry of an earlier
     * batch (a replay re-reading a line that still fails for the same reason), and counts as quarantined there.
     */
    Ingested write(Options o, String batchId, Parsed batch, List<IngestReport.Ignored> ignored, Set<String> stillOpen) {
        JavaRDD<ParsedFile> parsed = batch.files();
        List<FileReport> fileReports = batch.reports();
        Progress.Stage writing = progress.start(o.writeValidated() ? "write validated/ + quarantine/" : "write quarantine/");
        KeyCounts valid = KeyCounts.register(spark.sparkContext(), "valid rows written by file");
        KeyCounts quarantined = KeyCounts.register(spark.sparkContext(), "quarantined rows written by file");
        Broadcast<Set<String>> open = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(Set.copyOf(stillOpen));
        List<Callable<Void>> writes = new ArrayList<>();
        for (LakeDataset dataset : LakeDataset.values()) {
            boolean landedFor = fileReports.stream().anyMatch(r -> dataset.dirName().equals(r.dataset()));
            boolean rowsOf = fileReports.stream().anyMatch(r -> r.rowsValidByDataset().containsKey(dataset.dirName()));
            writes.add(() -> {
                write(parsed, dataset, batchId, o, landedFor, rowsOf, valid, quarantined, open);
                return null;
            });
        }
        Concurrently.run(writes);
        Conservation.requireWritten(fileReports, o.writeValidated() ? valid.value() : null, quarantined.value());
        writing.done("row counts verified against the report");

        IngestReport report = new IngestReport(batchId, o.ingestDate().toString(), o.lake(), fileReports, ignored,
                IngestReport.totalsOf(fileReports));
        new ReportStore(fs, config.lake(), o.lake()).write(report);
        progress.note(report.rejectedLine());
        return new Ingested(spark, report, parsed);
    }

    /**
     * Archives every landed file to raw/ (its sha256 and lines counted on the way) and returns those to parse; files
     * of no dataset, over the size limit (never read into memory) or whose content was already ingested are reported
     * into {@code reports} instead.
     */
    private List<Pending> archiveAndTriage(List<LakeFs.Found> landed, String batchId, Options o,
                                           Map<String, String> ledger, List<FileReport> reports) {
        LakeLayout lake = config.lake();
        List<Pending> pending = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (LakeFs.Found f : landed) {
            String[] parts = f.relative().split("/");
            Optional<LakeDataset> dataset = parts.length < 2 ? Optional.empty() : dataset(parts[0]);
            String rawPath = dataset.isPresent() ? rawPath(lake, o.lake(), f.relative(), o.ingestDate(), batchId)
                    : lake.unsortedPath(o.lake(), o.ingestDate(), batchId) + "/" + f.relative();
            LineCount count = new LineCount();
            String sha = fs.archive(f.path(), rawPath, count);
            int lines = count.linesAsInt();
            if (dataset.isEmpty()) {
                reports.add(FileReport.rejected(f.relative(), null, sha, f.bytes(), ReasonCode.UNKNOWN_DATASET, null,
                        lines));
            } else if (count.bytes() > FileParser.MAX_FILE_BYTES) {
                reports.add(FileReport.rejected(f.relative(), parts[0], sha, f.bytes(), ReasonCode.FILE_TOO_LARGE,
                        FileParser.tooLarge(count.bytes()), lines));
            } else if (ledger.containsKey(sha) || seen.containsKey(sha)) {
                String of = ledger.containsKey(sha) ? ledger.get(sha) : batchId + "/" + seen.get(sha);
                reports.add(FileReport.duplicate(f.relative(), parts[0], sha, f.bytes(), of, lines));
            } else {
                seen.put(sha, f.relative());
                pending.add(Pending.of(f.relative(), sha, rawPath, f.bytes(), lines));
            }
        }
        return pending;
    }

    private JavaRDD<ParsedFile> parse(List<Pending> pending, LocalDate ingestDate) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableHadoopConf> conf = jsc.broadcast(
                new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
        FileParser parser = new FileParser(config, ingestDate);
        GuardedParse.Parsing parsing = this.parsing;
        List<Pending> bySize = pending.stream().sorted(Comparator.comparingLong(Pending::bytes).reversed()).toList();
        int slices = Math.max(1, Math.min(bySize.size(), jsc.defaultParallelism() * 4));
        return jsc.parallelize(bySize, slices).map(p -> GuardedParse.parse(p,
                path -> new LakeFs(conf.value().get()).readBytes(path), parser, parsing));
    }

    /**
     * Writes one dataset's rejected (and, if asked, valid) rows of this batch, replacing any previous attempt, and counts
     * them per file as they go into the write. A file's rejected rows go to the dataset of its folder; its valid rows
     * to each record's own dataset (a statement's closing balances to balances). Valid rows handed on in memory are
     * balanced by curate instead.
     */
    private void write(JavaRDD<ParsedFile> parsed, LakeDataset dataset, String batchId, Options o, boolean landed,
                       boolean validRows, KeyCounts valid, KeyCounts quarantined, Broadcast<Set<String>> stillOpen) {
        String validated = config.lake().validatedPath(o.lake(), dataset.dirName(), batchId);
        String quarantine = config.lake().batchPath(o.lake(), LakeLayout.QUARANTINE, dataset.dirName(), o.ingestDate(), batchId);
        fs.delete(validated);
        fs.delete(quarantine);
        if (o.writeValidated() && validRows) {
            validRows(spark, parsed, dataset, valid).write().parquet(validated);
        }
        if (!landed) return;
        String name = dataset.dirName();
        JavaRDD<Row> rejected = parsed.filter(p -> name.equals(p.report().dataset())).flatMap(p -> {
            // Lines still open in an earlier batch count as quarantined there: the report's count is met either way.
            quarantined.add(p.report().sourceFile(), p.rejections().size());
            String sha = p.report().sha256();
            return p.rejections().stream()
                    .filter(r -> !stillOpen.value().contains(QuarantineResolutions.rejectionKey(sha, r.lineNumber(), r.reason().name())))
                    .map(r -> LakeSchemas.row(batchId, p.report().sourceFile(), sha, r)).iterator();
        });
        spark.createDataFrame(rejected, LakeSchemas.QUARANTINE).coalesce(1).write().parquet(quarantine);
    }

    /** A dataset's valid rows in the validated schema; each file's rows are counted into {@code counts} when given. */
    static org.apache.spark.sql.Dataset<Row> validRows(SparkSession spark, JavaRDD<ParsedFile> parsed, LakeDataset dataset,
                                                       KeyCounts counts) {
        JavaRDD<Row> valid = parsed.flatMap(p -> {
            List<Row> rows = p.records().stream().filter(r -> r.dataset() == dataset)
                    .map(r -> LakeSchemas.row(p.report().sourceFile(), p.report().sha256(), r)).toList();
            if (counts != null) counts.add(p.report().sourceFile(), rows.size());
            return rows.iterator();
        });
        return spark.createDataFrame(valid, LakeSchemas.validated(dataset));
    }

    /** The dataset an owner drops files for under landing/{@code dirName}/. */
    private static Optional<LakeDataset> dataset(String dirName) {
        for (LakeDataset d : LakeDataset.values()) {
            if (d.landed() && d.dirName().equals(dirName)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** Same landed files (names and sizes) on the same day give the same batch id, so a re-run replaces itself. */
    static String deriveBatchId(LocalDate ingestDate, List<LakeFs.Found> landed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (LakeFs.Found f : landed) {
                sha.update((f.relative() + "\0" + f.bytes() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return ingestDate.toString().replace("-", "") + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
