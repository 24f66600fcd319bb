package dev.sparkflow.lake;

import dev.sparkflow.testing.MotoServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's config/lake.yml, loaded once. */
final class RepoLake {
    private static LakeLayout layout;

    private RepoLake() {
    }

    static Path file() {
        return Path.of(System.getenv(MotoServer.REPO_ROOT_ENV), "config", "lake.yml");
    }

    static synchronized LakeLayout get() {
        if (layout == null) {
            try (InputStream in = Files.newInputStream(file())) {
                layout = LakeLayout.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return layout;
    }
}
