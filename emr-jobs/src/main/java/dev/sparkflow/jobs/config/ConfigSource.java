package dev.sparkflow.jobs.config;

import java.util.List;

/** Where config/ is read from: the copy bundled in the jar, a local folder, or an s3a:// prefix. */
public interface ConfigSource {
    /** The text of {@code relativePath}, e.g. {@code accounts.yml}. */
    String read(String relativePath);

    /** Relative paths of the files directly under {@code relativeDir}, sorted; empty if it does not exist. */
    List<String> list(String relativeDir);

    /** Where this source reads from, for messages. */
    String describe();
}
