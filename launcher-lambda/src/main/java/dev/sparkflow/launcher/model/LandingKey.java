package dev.sparkflow.launcher.model;

import java.util.Optional;

/**
 * Keys no reader may take at face value: S3 stores {@code landing/a/../../reports/x} as written, but every path API
 * (Hadoop's, a local disk's) resolves the {@code ..}, reading or writing elsewhere in the lake. The jobs and the DAGs
 * refuse the same keys.
 */
public final class LandingKey {
    private LandingKey() {
    }

    /** Why {@code path} (below landing/) is unsafe, or empty when it is not; a folder marker's trailing "/" is fine. */
    public static Optional<String> unsafe(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (path.indexOf('\\') >= 0) {
            return Optional.of("a backslash");
        }
        if (path.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("a control character");
        }
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("a '" + segment + "' segment");
            }
        }
        return Optional.empty();
    }
}
