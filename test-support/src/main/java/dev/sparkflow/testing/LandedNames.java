package dev.sparkflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The shared table {@code landed-names.tsv}: paths below landing/ and the config/lake.yml {@code ignored_files} entry
 * each one matches. Every copy of that rule (jobs, launcher, watchdog, DAGs) is tested against the same rows.
 */
public final class LandedNames {
    private static final String RESOURCE = "dev/sparkflow/testing/landed-names.tsv";
    private static final String READ = "-";

    private LandedNames() {
    }

    /** One row: a path below landing/ and the entry it matches, or null for a file that is read. */
    public record Example(String path, String rule) {
        public boolean ignored() {
            return rule != null;
        }

        @Override
        public String toString() {
            return "'" + path + "' -> " + (ignored() ? rule : "read");
        }
    }

    /** Every row of the table, in file order. */
    public static List<Example> examples() {
        try (InputStream in = LandedNames.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(LandedNames::example)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The rows whose path is ignored. */
    public static List<Example> ignored() {
        return examples().stream().filter(Example::ignored).toList();
    }

    private static Example example(String line) {
        String[] columns = line.split("\t", -1);
        if (columns.length != 2 || columns[1].isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": expected 'path<TAB>rule', got '" + line + "'");
        }
        return new Example(columns[0], columns[1].equals(READ) ? null : columns[1]);
    }
}
