package dev.sparkflow.launcher.api;

/** What the caller learns about the profile's instance; {@code instanceId} is null when there is none. */
public record InstanceView(
        String profile,
        String instanceId,
        String state,
        boolean reused,
        String privateAddress,
        String publicAddress,
        String deadline,
        String bundleVersion,
        AirflowAccess airflow,
        String sshAllowedFrom) {

    /** The state the launcher reports when the profile has no live instance. */
    public static final String NO_INSTANCE = "none";

    /** The view of a profile without a live instance. */
    public static InstanceView none(Profile profile) {
        return new InstanceView(profile.wireName(), null, NO_INSTANCE, false, null, null, null, null, null, null);
    }

    /** Whether the view names a live instance. */
    public boolean hasInstance() {
        return instanceId != null && !NO_INSTANCE.equals(state);
    }

    /** The same view with SSH now allowed from {@code cidr}. */
    public InstanceView withSshAllowedFrom(String cidr) {
        return new InstanceView(profile, instanceId, state, reused, privateAddress, publicAddress, deadline, bundleVersion,
                airflow, cidr);
    }

    /** How to reach the Airflow UI: an SSM port-forward command line and the local URL it opens. */
    public record AirflowAccess(String portForwardCommand, String url) {
    }
}
