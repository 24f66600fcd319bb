package dev.sparkflow.jobs.model;

import java.io.Serializable;

/** A quarantined row: its line in the file, the raw text, the reason code and a human detail. */
public record Rejection(int lineNumber, String rawText, ReasonCode reason, String detail) implements Serializable {
}
