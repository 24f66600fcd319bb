package dev.sparkflow.launcher.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a direct invocation asks the launcher to do; the wire form is the lower-case name. */
public enum Action {
    LAUNCH, STATUS, TERMINATE;

    /** The wire name, e.g. {@code launch}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
