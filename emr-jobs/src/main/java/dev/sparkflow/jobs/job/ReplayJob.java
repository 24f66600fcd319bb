package dev.sparkflow.jobs.job;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.LakeFs;
import dev.sparkflow.jobs.io.QuarantineStore;
import dev.sparkflow.jobs.io.ReportStore;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import dev.sparkflow.jobs.model.QuarantineEntry;
import dev.sparkflow.jobs.model.Rejection;
import dev.sparkflow.jobs.model.ReplayReport;
import dev.sparkflow.jobs.model.Resolution;
import dev.sparkflow.jobs.transform.QuarantineResolutions;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replay: after the owner fixed the cause of a rejection in config/, re-reads the chosen batches' files that had
 * rejected rows from raw/ with the current config, as a new batch ({@code replay-<date>-<hash>}) that writes
 * quarantine/, curated/ and its reports like any other. Rows that now pass join curated once (transaction ids are
 * stable, so curate drops the rows it already holds); the earlier entries of lines that now pass are resolved by the
 * replay batch in quarantine_resolved/ (quarantine/ is never rewritten). A line that still fails for the same reason
 * keeps its open entry and gets no second one; for another reason, the replay's new entry supersedes it. A replay
 * that would change nothing writes nothing and says so.
 */
public final class ReplayJob {
    private static final Set<String> REPLAYABLE = Set.of(FileReport.PARTLY, FileReport.REJECTED);

    private final SparkSession spark;
    private final JobConfig config;
    private final LakeFs fs;
    private final Progress progress;

    /**
     * The lake, the replay batch's id (null: derived), the batches to replay (empty: every batch with open quarantine
     * entries), globs or raw paths that narrow the files (empty: every file of those batches with rejected rows), and
     * the replay's ingest date.
     */
    public record Options(String lake, String batchId, List<String> batches, List<String> files, LocalDate ingestDate) {
        public Options {
            batches = List.copyOf(batches);
            files = List.copyOf(files);
        }
    }

    public ReplayJob(SparkSession spark, JobConfig config, Progress progress) {
        this.spark = spark;
        this.config = config;
        this.fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
        this.progress = progress;
    }

    public ReplayReport run(Options o) {
        LakeLayout layout = config.lake();
        ReportStore reports = new ReportStore(fs, layout, o.lake());
        QuarantineStore quarantine = new QuarantineStore(spark, fs, layout, o.lake());
        Progress.Stage choosing = progress.start("choose files to replay");
        // A replay run again under its own id (a retried DAG task) replaces its earlier attempt: that attempt's entries
        // and resolutions are not what it replays.
        List<QuarantineEntry> open = QuarantineResolutions.open(
                quarantine.entries().stream().filter(e -> !e.batchId().equals(o.batchId())).toList(),
                quarantine.settled(o.batchId()));
        List<String> batches = o.batches().isEmpty()
                ? new ArrayList<>(new TreeSet<>(open.stream().map(QuarantineEntry::batchId).toList())) : o.batches();
        Map<String, FileReport> before = new LinkedHashMap<>();
        List<ReplayReport.ReplayedFile> files = choose(layout, reports, o, batches, before);
        choosing.done(files.size() + " files of " + batches.size() + (batches.size() == 1 ? " batch, " : " batches, ")
                + open.size() + " open entries");
        Map<String, Long> openBefore = QuarantineResolutions.byReason(open);
        if (files.isEmpty()) return nothing(o, batches, files, openBefore);

        String batchId = o.batchId() != null ? o.batchId() : batchId(o.ingestDate(), files, open);
        before.putAll(latestReplayed(reports, before.keySet(), batchId));
        IngestJob ingest = new IngestJob(spark, config, progress);
        List<IngestJob.Pending> pending = files.stream().map(f -> IngestJob.Pending.of(f.sourceFile(), f.sha256(),
                f.rawPath(), before.get(f.sha256()).bytes(), before.get(f.sha256()).linesTotal())).toList();
        IngestJob.Parsed parsed = ingest.parse(pending, o.ingestDate(), List.of());
        Map<String, Map<Integer, String>> rejectedNow = rejectedLines(parsed);
        Set<String> replayed = rejectedNow.keySet();
        List<QuarantineEntry> openOfFiles = open.stream().filter(e -> replayed.contains(e.sha256())).toList();
        QuarantineResolutions.Settled settled = QuarantineResolutions.settle(openOfFiles, rejectedNow, batchId);
        Map<String, Long> newEntries = newEntries(rejectedNow, settled.stillOpen());
        Map<String, Long> nowValid = rowsNowValid(before, parsed.reports());
        boolean changes = !settled.resolutions().isEmpty() || !newEntries.isEmpty()
                || nowValid.values().stream().anyMatch(n -> n != 0);
        if (!changes) {
            parsed.files().unpersist();
            return nothing(o, batches, files, openBefore);
        }
        try (IngestJob.Ingested ingested = ingest.write(new IngestJob.Options(o.lake(), batchId, o.ingestDate(), false),
                batchId, parsed, List.of(), settled.stillOpen())) {
            new CurateJob(spark, config, progress).run(o.lake(), ingested);
        }
        Progress.Stage resolving = progress.start("write quarantine resolutions");
        quarantine.write(o.ingestDate(), batchId, settled.resolutions());
        resolving.done(settled.resolutions().size() + " earlier entries settled");

        Set<String> settledKeys = new HashSet<>();
        settled.resolutions().forEach(r -> settledKeys.add(r.entry().key()));
        Map<String, Long> openAfter = new TreeMap<>(QuarantineResolutions.byReason(
                QuarantineResolutions.open(open, settledKeys)));
        newEntries.forEach((reason, n) -> openAfter.merge(reason, n, Long::sum));
        ReplayReport report = new ReplayReport(batchId, o.ingestDate().toString(), o.lake(), true, batches, files,
                openBefore, openAfter, byOutcome(settled.resolutions(), Resolution.RESOLVED),
                byOutcome(settled.resolutions(), Resolution.SUPERSEDED), newEntries, nowValid);
        reports.write(report);
        return report;
    }

    /**
     * The files of {@code batches} that had rejected rows (partly or wholly), once per content, narrowed by the
     * globs; {@code before} receives each one's report in the chosen batch, by sha256. A replay batch's files are
     * read from where their first batch archived them.
     */
    private List<ReplayReport.ReplayedFile> choose(LakeLayout layout, ReportStore reports, Options o, List<String> batches,
                                                   Map<String, FileReport> before) {
        List<PathMatcher> globs = o.files().stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<ReplayReport.ReplayedFile> chosen = new ArrayList<>();
        for (String batch : batches) {
            IngestReport report = reports.ingest(batch).orElseThrow(() -> new IllegalArgumentException(
                    "no batch " + batch + ": " + reports.ingestPath(batch) + " does not exist"));
            Map<String, ReplayReport.ReplayedFile> replayedBefore = new HashMap<>();
            reports.replay(batch).ifPresent(r -> r.files().forEach(f -> replayedBefore.put(f.sha256(), f)));
            for (FileReport f : report.files()) {
                if (!REPLAYABLE.contains(f.status()) || f.dataset() == null || before.containsKey(f.sha256())) continue;
                ReplayReport.ReplayedFile file = replayedBefore.getOrDefault(f.sha256(), new ReplayReport.ReplayedFile(
                        f.sourceFile(), f.sha256(), IngestJob.rawPath(layout, o.lake(), f.sourceFile(),
                        LocalDate.parse(report.ingestDate()), batch), batch));
                if (!globs.isEmpty() && globs.stream().noneMatch(g -> matches(g, o.files(), file, layout, o.lake()))) {
                    continue;
                }
                before.put(f.sha256(), f);
                chosen.add(file);
            }
        }
        return chosen;
    }

    /**
     * The reports of {@code shas} from the latest replay other than {@code batchId} that re-read them, so rows an
     * earlier replay made valid are not counted as new again (and a replay re-run replaces itself).
     */
    private static Map<String, FileReport> latestReplayed(ReportStore reports, Set<String> shas, String batchId) {
        Map<String, FileReport> latest = new HashMap<>();
        for (ReplayReport replay : reports.replays()) {
            if (replay.batchId().equals(batchId)) continue;
            reports.ingest(replay.batchId()).ifPresent(r -> r.files().stream().filter(f -> shas.contains(f.sha256()))
                    .forEach(f -> latest.put(f.sha256(), f)));
        }
        return latest;
    }

    /** A file is chosen by its path below landing/, its raw path within the lake, or its full raw path. */
    private static boolean matches(PathMatcher glob, List<String> literal, ReplayReport.ReplayedFile f, LakeLayout layout,
                                   String lake) {
        String root = layout.zoneRoot(lake, LakeLayout.RAW);
        String inLake = layout.zoneRoot("", LakeLayout.RAW) + f.rawPath().substring(root.length());
        for (String candidate : List.of(f.sourceFile(), inLake, f.rawPath())) {
            if (literal.contains(candidate) || glob.matches(Path.of(candidate))) return true;
        }
        return false;
    }

    /** Per file sha256: the line numbers the replay rejects and why. */
    private static Map<String, Map<Integer, String>> rejectedLines(IngestJob.Parsed parsed) {
        Map<String, Map<Integer, String>> bySha = new HashMap<>();
        for (Tuple2<String, List<Rejection>> t : parsed.files().map(p -> new Tuple2<>(p.report().sha256(),
                (List<Rejection>) new ArrayList<>(p.rejections()))).collect()) {
            Map<Integer, String> lines = bySha.computeIfAbsent(t._1(), k -> new HashMap<>());
            t._2().forEach(r -> lines.putIfAbsent(r.lineNumber(), r.reason().name()));
        }
        return bySha;
    }

    /** The rejections the replay writes as entries of its own (not repeating an open one), by reason. */
    private static Map<String, Long> newEntries(Map<String, Map<Integer, String>> rejectedNow, Set<String> stillOpen) {
        Map<String, Long> counts = new TreeMap<>();
        rejectedNow.forEach((sha, lines) -> lines.forEach((line, reason) -> {
            if (!stillOpen.contains(QuarantineResolutions.rejectionKey(sha, line, reason))) {
                counts.merge(reason, 1L, Long::sum);
            }
        }));
        return counts;
    }

    /** Valid rows now minus valid rows at the first ingest, by dataset, over the replayed files. */
    private static Map<String, Long> rowsNowValid(Map<String, FileReport> before, List<FileReport> now) {
        Map<String, Long> delta = new TreeMap<>();
        for (FileReport f : now) {
            f.rowsValidByDataset().forEach((d, n) -> delta.merge(d, (long) n, Long::sum));
            before.get(f.sha256()).rowsValidByDataset().forEach((d, n) -> delta.merge(d, (long) -n, Long::sum));
        }
        delta.values().removeIf(n -> n == 0);
        return delta;
    }

    private static Map<String, Long> byOutcome(List<Resolution> resolutions, String outcome) {
        return QuarantineResolutions.byReason(resolutions.stream().filter(r -> r.outcome().equals(outcome))
                .map(Resolution::entry).toList());
    }

    private static ReplayReport nothing(Options o, List<String> batches, List<ReplayReport.ReplayedFile> files,
                                        Map<String, Long> open) {
        return new ReplayReport(null, o.ingestDate().toString(), o.lake(), false, batches, files, open, open, Map.of(),
                Map.of(), Map.of(), Map.of());
    }

    /** {@code replay-<yyyymmdd>-<hash>}: the same files and open entries on the same day give the same batch. */
    static String batchId(LocalDate ingestDate, List<ReplayReport.ReplayedFile> files, List<QuarantineEntry> open) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.stream().map(ReplayReport.ReplayedFile::sha256).sorted()
                    .forEach(s -> sha.update((s + "\n").getBytes(StandardCharsets.UTF_8)));
            open.stream().map(QuarantineEntry::key).sorted()
                    .forEach(k -> sha.update((k + "\n").getBytes(StandardCharsets.UTF_8)));
            return "replay-" + ingestDate.toString().replace("-", "") + "-"
                    + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
