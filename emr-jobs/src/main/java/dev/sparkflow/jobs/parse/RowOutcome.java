package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ReasonCode;

/**
 * What one data row became: a record, or a reason (with detail) to quarantine it. A rejection found in
 * the whole-file pass keeps its record, so the row's line can still be named.
 */
record RowOutcome(LakeRecord record, ReasonCode reason, String detail) {
    static RowOutcome valid(LakeRecord record) {
        return new RowOutcome(record, null, null);
    }

    static RowOutcome reject(ReasonCode reason, String detail) {
        return new RowOutcome(null, reason, detail);
    }

    static RowOutcome reject(LakeRecord record, ReasonCode reason, String detail) {
        return new RowOutcome(record, reason, detail);
    }

    boolean ok() {
        return reason == null;
    }
}
