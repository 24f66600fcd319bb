package dev.sparkflow.jobs.model;

/** Shortens text that the quarantine and the reports keep, saying that and how much was cut. */
public final class Clip {
    /** A detail names a field, a value or an error; more than this is the input echoed back. */
    public static final int MAX_DETAIL_CHARS = 500;

    private Clip() {
    }

    /** A reason's detail, cut to {@link #MAX_DETAIL_CHARS}. */
    public static String detail(String text) {
        return cut(text, MAX_DETAIL_CHARS);
    }

    /** {@code text} if at most {@code max} characters, else its first {@code max} and a marker with the full length. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) return text;
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + " …[cut: " + text.length() + " characters in all]";
    }
}
