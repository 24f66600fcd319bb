package dev.sparkflow.jobs.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** File operations on the lake through Hadoop's FileSystem, so local paths and s3a:// behave alike. */
public final class LakeFs {
    private final Configuration conf;

    public LakeFs(Configuration conf) {
        this.conf = conf;
    }

    /** A file found under a folder: its full path, its path relative to that folder, and its size. */
    public record Found(String path, String relative, long bytes) {
    }

    /**
     * Every file under {@code root}, recursively, sorted by relative path; none if root is absent. Nothing is skipped
     * by name: which landed files are not data is lake.yml's rule, applied by the caller. An S3 object whose key climbs
     * out with {@code ..} (landing/../reports/x) is listed by s3a under the resolved path, which names another object:
     * it is skipped with a warning on stderr, as the DAG leaves it in landing/ unplanned.
     */
    public List<Found> listFiles(String root) {
        Path base = new Path(root);
        try {
            FileSystem fs = base.getFileSystem(conf);
            if (!fs.exists(base)) return List.of();
            String prefix = fs.makeQualified(base).toString();
            List<Found> found = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(base, true);
            while (it.hasNext()) {
                LocatedFileStatus status = it.next();
                String full = status.getPath().toString();
                if (!full.startsWith(prefix + "/")) {
                    System.err.println("warning: skipping " + full + ", listed under " + prefix
                            + " but outside it: its key has '..' segments");
                    continue;
                }
                String relative = full.substring(prefix.length() + 1);
                found.add(new Found(full, relative, status.getLen()));
            }
            found.sort(java.util.Comparator.comparing(Found::relative));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /**
     * Copies {@code from} to {@code to} byte for byte (never over a different file) and returns its sha256; the
     * archived bytes also stream through {@code tap} (to count them, say), so the file is read only once.
     */
    public String archive(String from, String to, OutputStream tap) {
        Path source = new Path(from), target = new Path(to);
        try {
            FileSystem in = source.getFileSystem(conf), out = target.getFileSystem(conf);
            if (out.exists(target)) {
                String existing = sha256Of(to, tap);
                String incoming = sha256Of(from, OutputStream.nullOutputStream());
                if (!existing.equals(incoming)) {
                    throw new IllegalStateException("refusing to overwrite archived " + to + " with different content");
                }
                return existing;
            }
            MessageDigest sha = sha256();
            try (InputStream stream = new DigestInputStream(in.open(source), sha);
                 FSDataOutputStream dest = out.create(target, false)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = stream.read(buffer)) > 0; ) {
                    dest.write(buffer, 0, n);
                    tap.write(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + from + " to " + to, e);
        }
    }

    public String sha256Of(String path) {
        return sha256Of(path, OutputStream.nullOutputStream());
    }

    private String sha256Of(String path, OutputStream tap) {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            MessageDigest sha = sha256();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                tap.write(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public byte[] readBytes(String path) {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The text of a small file, or empty when it does not exist. */
    public Optional<String> readText(String path) {
        try {
            return Optional.of(new String(readBytes(path), StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileNotFoundException) return Optional.empty();
            throw e;
        }
    }

    /** Writes a small text file, replacing any previous version. */
    public void writeText(String path, String text) {
        Path p = new Path(path);
        try (FSDataOutputStream out = p.getFileSystem(conf).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public boolean exists(String path) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(conf).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    /** Deletes a file or folder if present. */
    public void delete(String path) {
        Path p = new Path(path);
        try {
            p.getFileSystem(conf).delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Names of the immediate children of {@code dir}; empty if it does not exist. */
    public List<String> children(String dir) {
        Path p = new Path(dir);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) return List.of();
            List<String> names = new ArrayList<>();
            for (FileStatus s : fs.listStatus(p)) {
                if (!hidden(s.getPath().getName())) names.add(s.getPath().getName());
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Hadoop's convention for the folders the jobs write and config/: markers and checksums start with '.' or '_'. */
    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
