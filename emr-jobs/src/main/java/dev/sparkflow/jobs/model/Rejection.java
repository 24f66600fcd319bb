package dev.sparkflow.jobs.model;

import java.io.Serializable;

/**
 * A quarantined row: its line in the file, the raw text, the reason code and a human detail. Raw text and detail
 * are cut to a few KB (with a marker), so a line of gigabytes never travels on into the quarantine.
 */
public record Rejection(int lineNumber, String rawText, ReasonCode reason, String detail) implements Serializable {
    /** Room for any real bank export line (parsers reject lines over 4096 characters) with a margin. */
    public static final int MAX_RAW_CHARS = 8192;

    public Rejection {
        rawText = Clip.cut(rawText, MAX_RAW_CHARS);
        detail = Clip.detail(detail);
    }
}
