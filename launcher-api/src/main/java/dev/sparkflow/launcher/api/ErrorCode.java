package dev.sparkflow.launcher.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Machine-readable reasons a request was refused; the wire form is the lower-case name. */
public enum ErrorCode {
    MALFORMED_REQUEST, UNKNOWN_ACTION, UNKNOWN_PROFILE, MALFORMED_SSH_KEY, MALFORMED_CIDR,
    MISSING_CONFIGURATION, BUNDLE_NOT_PUBLISHED, LAUNCH_IN_PROGRESS;

    /** The wire name, e.g. {@code unknown_action}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
