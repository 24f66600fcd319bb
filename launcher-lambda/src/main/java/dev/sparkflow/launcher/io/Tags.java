package dev.sparkflow.launcher.io;

/** Tag keys the launcher puts on (and looks for on) its instances; the janitor reads the same keys. */
public final class Tags {
    /** Marks a resource as ours. */
    public static final String MANAGED = "sparkflow:managed";
    /** The profile the instance serves ({@code pipeline} or {@code dev}). */
    public static final String PROFILE = "sparkflow:profile";
    /** ISO-8601 instant after which the instance must be gone. */
    public static final String DEADLINE = "sparkflow:deadline";
    /** The Airflow bundle version the instance boots. */
    public static final String BUNDLE_VERSION = "sparkflow:bundle-version";

    private Tags() {
    }
}
