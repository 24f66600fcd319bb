package dev.sparkflow.jobs.io;

import dev.sparkflow.jobs.config.ConfigSource;

import java.util.List;

/** A config/ folder on the lake's file systems: a local directory or an s3a:// prefix (on EMR). */
public final class HadoopConfigSource implements ConfigSource {
    private final LakeFs fs;
    private final String root;

    public HadoopConfigSource(LakeFs fs, String root) {
        this.fs = fs;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    @Override
    public String read(String relativePath) {
        return fs.readText(root + "/" + relativePath)
                .orElseThrow(() -> new IllegalStateException("config file " + root + "/" + relativePath + " is missing"));
    }

    @Override
    public List<String> list(String relativeDir) {
        return fs.children(root + "/" + relativeDir).stream().map(name -> relativeDir + "/" + name).toList();
    }

    @Override
    public String describe() {
        return root;
    }
}
