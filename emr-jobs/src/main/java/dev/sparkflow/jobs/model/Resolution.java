package dev.sparkflow.jobs.model;

import java.io.Serializable;

/**
 * How a replay settled an earlier open quarantine entry: {@link #RESOLVED} (the line now passes, or is a named
 * non-data line) or {@link #SUPERSEDED} (it still fails, now for {@code reasonCodeNow}, under the replay's own entry).
 */
public record Resolution(QuarantineEntry entry, String resolvedByBatch, String outcome, String reasonCodeNow)
        implements Serializable {
    public static final String RESOLVED = "resolved", SUPERSEDED = "superseded";
}
