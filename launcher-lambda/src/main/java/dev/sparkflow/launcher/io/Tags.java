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

    /** On the Airflow DAG's EMR clusters: {@code emr-batch} marks them as ours. */
    public static final String EMR_COMPONENT = "sparkflow:component";
    /** The {@link #EMR_COMPONENT} value of our clusters. */
    public static final String EMR_BATCH = "emr-batch";
    /** ISO-8601 instant the DAG writes on its clusters; past it the janitor ends the cluster. */
    public static final String EMR_EXPIRES_AT = "sparkflow:expires-at";

    private Tags() {
    }
}
