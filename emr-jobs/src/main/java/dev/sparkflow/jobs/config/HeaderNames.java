package dev.sparkflow.jobs.config;

import java.util.Locale;

/** How header cells are compared: case-insensitive, trimmed, quotes and BOM dropped, spaces collapsed. */
public final class HeaderNames {
    private HeaderNames() {
    }

    public static String normalise(String cell) {
        return cell.replace("\uFEFF", "").replace("\"", "").trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
