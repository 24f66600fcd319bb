package dev.sparkflow.launcher.model;

import java.util.Locale;

/** The purpose an instance serves; at most one live instance per profile. */
public enum Profile {
    PIPELINE, DEV;

    /** The profile named {@code value} (case-insensitive), or a {@link RequestException} listing the valid ones. */
    public static Profile parse(Object value) {
        return Action.parseEnum(Profile.class, value, "profile", ErrorCode.UNKNOWN_PROFILE);
    }

    /** The wire and tag name, e.g. {@code pipeline}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
