package dev.sparkflow.jobs.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** How header cells are compared: case-insensitive, trimmed, quotes, BOM and a trailing ':' dropped, spaces collapsed. */
public final class HeaderNames {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private HeaderNames() {
    }

    public static String normalise(String cell) {
        String s = java.text.Normalizer.normalize(cell, java.text.Normalizer.Form.NFKC).replace("\uFEFF", "").replace("\"", "").replace('\u00A0', ' ').trim();
        while (s.endsWith(":")) s = s.substring(0, s.length() - 1).trim();
        return SPACES.matcher(s).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
