package dev.sparkflow.launcher.model;

import java.util.List;
import java.util.Optional;

/**
 * The landed objects that are not data: config/lake.yml's {@code ignored_files}, the rule the Spark jobs, the DAGs and
 * (through the user-data) the instance's idle watchdog apply too. The launcher reads no YAML, so {@link #ENTRIES} is a
 * copy; IgnoredFilesTest checks it equals lake.yml's and that the rule gives the shared landed-names table's answers.
 */
public final class IgnoredFiles {
    /** lake.yml {@code ignored_files}, in its order: {@code NAME} is a glob on an object's own name, NAME/** a folder. */
    public static final List<String> ENTRIES = List.of(".DS_Store", "._*", "Thumbs.db", "desktop.ini", "*.part",
            "*.partial", "*.crdownload", "*.download", "*.download/**", "*.tmp", "~$*", "_SUCCESS", "_temporary/**", "*/");

    private static final String INSIDE = "/**";

    private IgnoredFiles() {
    }

    /**
     * The first entry {@code path} (below the landing prefix) matches, or empty for a file that is data. A path ending in
     * "/" is an S3 folder marker: its own name is its last folder with the "/".
     */
    public static Optional<String> rule(String path) {
        boolean marker = path.isEmpty() || path.endsWith("/");
        String trimmed = marker && !path.isEmpty() ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        String name = trimmed.substring(slash + 1) + (marker ? "/" : "");
        List<String> folders = slash < 0 ? List.of() : List.of(trimmed.substring(0, slash).split("/", -1));
        for (String entry : ENTRIES) {
            boolean matched = entry.endsWith(INSIDE)
                    ? folders.stream().anyMatch(f -> matches(entry.substring(0, entry.length() - INSIDE.length()), f))
                    : matches(entry, name);
            if (matched) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code text} matches {@code glob}, where only {@code *} (any run of characters) is special. */
    static boolean matches(String glob, String text) {
        String[] parts = glob.split("\\*", -1);
        if (parts.length == 1) {
            return glob.equals(text);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        int at = first.length();
        int end = text.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = text.indexOf(parts[i], at);
            if (found < 0 || found + parts[i].length() > end) {
                return false;
            }
            at = found + parts[i].length();
        }
        return true;
    }
}
