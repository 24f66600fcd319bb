package dev.sparkflow.jobs.io;

import dev.sparkflow.jobs.learn.CategoryTraining;
import dev.sparkflow.lake.LakeLayout;
import org.apache.spark.ml.PipelineModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The category model's versions in the lake: {@code models/categories/version=<v>/} holds the Spark ML model
 * ({@code model/}) and its figures ({@code metrics.json}); {@code current.json} names the version curate applies. A new
 * version never replaces an old one: the pointer moves, and going back is writing the old version into it.
 */
public final class ModelStore {
    /** A version is the UTC time it was trained, to the millisecond: versions sort by age. */
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PREFIX = "version=", MODEL = "model", METRICS = "metrics.json", CURRENT = "current.json";

    /** The model curate applies, and its figures. */
    public record Current(PipelineModel model, CategoryTraining.Metrics metrics) {
    }

    private final LakeFs fs;
    private final String root;

    public ModelStore(LakeFs fs, LakeLayout layout, String lake) {
        this.fs = fs;
        this.root = layout.modelPath(lake, LakeLayout.CATEGORY_MODEL);
    }

    /** A lake whose lake.yml names no models zone has no model: curate categorises by overrides and rules alone. */
    public static Optional<ModelStore> of(LakeFs fs, LakeLayout layout, String lake) {
        return layout.zones().containsKey(LakeLayout.MODELS) ? Optional.of(new ModelStore(fs, layout, lake))
                : Optional.empty();
    }

    /** Saves {@code trained} as a new version, then points current.json at it; returns the figures as kept. */
    public CategoryTraining.Metrics save(CategoryTraining.Trained trained, Instant now) {
        Instant at = now;
        while (fs.exists(versionPath(VERSION.format(at)))) at = at.plusMillis(1);
        String version = VERSION.format(at);
        CategoryTraining.Metrics metrics = trained.metrics().versioned(version, at.toString());
        try {
            trained.model().write().save(versionPath(version) + "/" + MODEL);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the category model " + version, e);
        }
        fs.writeText(versionPath(version) + "/" + METRICS, ReportStore.json(metrics));
        fs.writeText(root + "/" + CURRENT, ReportStore.json(Map.of("version", version)));
        return metrics;
    }

    /** The versions kept, oldest first. */
    public List<String> versions() {
        return fs.children(root).stream().filter(n -> n.startsWith(PREFIX)).map(n -> n.substring(PREFIX.length()))
                .sorted().toList();
    }

    /** The version current.json names, or empty when no model was trained. */
    public Optional<String> currentVersion() {
        return fs.readText(root + "/" + CURRENT).map(text -> ReportStore.read(text, Pointer.class).version());
    }

    /** The figures of {@code version}. */
    public CategoryTraining.Metrics metrics(String version) {
        return ReportStore.read(fs.readText(versionPath(version) + "/" + METRICS).orElseThrow(() ->
                new IllegalStateException("model version " + version + " has no " + METRICS)), CategoryTraining.Metrics.class);
    }

    /** The current model and its figures, or empty when no model was trained. */
    public Optional<Current> current() {
        return currentVersion().map(v -> new Current(PipelineModel.load(versionPath(v) + "/" + MODEL), metrics(v)));
    }

    private String versionPath(String version) {
        return root + "/" + PREFIX + version;
    }

    /** current.json. */
    record Pointer(String version) {
    }
}
