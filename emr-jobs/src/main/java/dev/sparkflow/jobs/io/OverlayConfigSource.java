package dev.sparkflow.jobs.io;

import dev.sparkflow.jobs.config.ConfigSource;

import java.util.List;
import java.util.TreeSet;

/**
 * A config/ folder laid over another: a file present in the overlay wins, every other file is the base's. The demo
 * fixes one config file this way in its own folder, leaving the repository's config/ as it is.
 */
public final class OverlayConfigSource implements ConfigSource {
    private final LakeFs fs;
    private final String overlay;
    private final ConfigSource base;

    public OverlayConfigSource(LakeFs fs, String overlay, ConfigSource base) {
        this.fs = fs;
        this.overlay = overlay.endsWith("/") ? overlay.substring(0, overlay.length() - 1) : overlay;
        this.base = base;
    }

    @Override
    public String read(String relativePath) {
        return fs.readText(overlay + "/" + relativePath).orElseGet(() -> base.read(relativePath));
    }

    @Override
    public List<String> list(String relativeDir) {
        TreeSet<String> names = new TreeSet<>(base.list(relativeDir));
        fs.children(overlay + "/" + relativeDir).forEach(name -> names.add(relativeDir + "/" + name));
        return List.copyOf(names);
    }

    @Override
    public String describe() {
        return overlay + " over " + base.describe();
    }
}
