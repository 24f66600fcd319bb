package dev.sparkflow.launcher.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The purpose an instance serves; at most one live instance per profile. */
public enum Profile {
    PIPELINE, DEV;

    /** The wire and tag name, e.g. {@code pipeline}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
