package dev.sparkflow.jobs.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** How header cells are compared: case-insensitive, trimmed, quotes and BOM dropped, spaces collapsed. */
public final class HeaderNames {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private HeaderNames() {
    }

    public static String normalise(String cell) {
        String s = cell.replace("\uFEFF", "").replace("\"", "").trim();
        return SPACES.matcher(s).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
