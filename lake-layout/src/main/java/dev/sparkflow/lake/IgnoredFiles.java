package dev.sparkflow.lake;

import java.util.List;
import java.util.Optional;

/**
 * lake.yml's {@code ignored_files}: which landed objects are not data. An entry {@code NAME} matches a path's own name
 * (an S3 folder marker's own name ends in "/"), {@code NAME/**} anything inside a folder of that name; in NAME,
 * {@code *} is any run of characters and every other character stands for itself. The launcher, the instance's
 * watchdog and the DAGs apply the same rule; all are tested against one table of examples (test-support's
 * landed-names.tsv).
 */
public final class IgnoredFiles {
    private static final String INSIDE = "/**";
    /** Characters bash patterns treat specially besides {@code *}; the watchdog matches entries as bash patterns. */
    private static final String NOT_ALLOWED = "?[]\\()";

    private IgnoredFiles() {
    }

    /** The first entry of {@code entries} that {@code path} (below landing/) matches, or empty for a file to read. */
    public static Optional<String> rule(List<String> entries, String path) {
        boolean marker = path.isEmpty() || path.endsWith("/");
        String trimmed = marker && !path.isEmpty() ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        String name = trimmed.substring(slash + 1) + (marker ? "/" : "");
        List<String> folders = slash < 0 ? List.of() : List.of(trimmed.substring(0, slash).split("/", -1));
        for (String entry : entries) {
            boolean matched = entry.endsWith(INSIDE)
                    ? folders.stream().anyMatch(f -> matches(entry.substring(0, entry.length() - INSIDE.length()), f))
                    : matches(entry, name);
            if (matched) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Refuses entries the rule cannot express; the message names lake.yml and the entry. */
    static void validate(List<String> entries) {
        for (String entry : entries) {
            if (entry == null || entry.isEmpty() || entry.codePoints().anyMatch(c -> Character.isWhitespace(c)
                    || Character.isISOControl(c) || NOT_ALLOWED.indexOf(c) >= 0)) {
                throw new IllegalArgumentException("lake.yml: ignored_files entry '" + entry
                        + "' must be non-empty, without spaces, control characters or any of " + NOT_ALLOWED);
            }
            String name = entry.endsWith(INSIDE) ? entry.substring(0, entry.length() - INSIDE.length())
                    : entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
            if (name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("lake.yml: ignored_files entry '" + entry
                        + "' must be NAME, NAME/ or NAME/** with no other '/'");
            }
        }
    }

    /** Whether {@code text} matches {@code glob}, where only {@code *} (any run of characters) is special. */
    static boolean matches(String glob, String text) {
        String[] parts = glob.split("\\*", -1);
        if (parts.length == 1) {
            return glob.equals(text);
        }
        String first = parts[0], last = parts[parts.length - 1];
        if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        int at = first.length(), end = text.length() - last.length();
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
