package dev.sparkflow.jobs.io;

import dev.sparkflow.jobs.config.ConfigSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The copy of config/ that the build puts in the jar under {@code sparkflow-config/}. */
public final class ClasspathConfigSource implements ConfigSource {
    private static final String ROOT = "sparkflow-config/";

    @Override
    public String read(String relativePath) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ROOT + relativePath)) {
            if (in == null) {
                throw new IllegalStateException("config file " + relativePath + " is not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> list(String relativeDir) {
        URL url = getClass().getClassLoader().getResource(ROOT + relativeDir);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) {
                return names(Path.of(uri), relativeDir);
            }
            try (FileSystem zip = FileSystems.newFileSystem(uri, Map.of())) {
                return names(zip.provider().getPath(uri), relativeDir);
            } catch (FileSystemAlreadyExistsException openElsewhere) {
                return names(FileSystems.getFileSystem(uri).provider().getPath(uri), relativeDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return "config bundled in the jar";
    }

    private static List<String> names(Path dir, String relativeDir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> relativeDir + "/" + p.getFileName().toString().replace("/", "")).sorted().toList();
        }
    }
}
