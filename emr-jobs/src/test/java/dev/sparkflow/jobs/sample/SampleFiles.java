package dev.sparkflow.jobs.sample;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.ClasspathConfigSource;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.parse.FileInput;
import dev.sparkflow.jobs.parse.FileParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers: hashing a generated tree and parsing its files the way ingest does. */
final class SampleFiles {
    static final LocalDate INGEST_DATE = LocalDate.of(2026, 11, 21);
    private static JobConfig config;

    private SampleFiles() {
    }

    static synchronized FileParser parser() {
        if (config == null) config = JobConfig.load(new ClasspathConfigSource());
        return new FileParser(config, INGEST_DATE);
    }

    /** Relative path ('/' separated) -> sha256 of every file under {@code root}. */
    static Map<String, String> tree(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Parses {@code relative} (a path under landing/, e.g. transactions/savings/x.csv) like the ingest job. */
    static ParsedFile parse(Path landing, String relative) {
        String[] parts = relative.split("/");
        LakeDataset dataset = LakeDataset.fromDirName(parts[0]);
        String folder = parts.length > 2 ? parts[1] : null;
        try {
            byte[] bytes = Files.readAllBytes(landing.resolve(relative));
            return parser().parse(new FileInput(relative, dataset, folder, sha256(bytes), bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
