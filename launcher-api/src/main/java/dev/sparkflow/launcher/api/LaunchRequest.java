package dev.sparkflow.launcher.api;

/**
 * A direct invocation: {@code {"action":…,"profile":…,"sshPublicKey":…,"callerCidr":…,"bundle":{…}}}; the key and
 * CIDR are for the dev profile only, {@code bundle} boots that bundle instead of the SSM pointer's. Absent fields are
 * null; the launcher validates what it receives.
 */
public record LaunchRequest(Action action, Profile profile, String sshPublicKey, String callerCidr, BundleRef bundle) {

    /** A bundle named by the request ({@code bucket, key, sha256, version}). */
    public record BundleRef(String bucket, String key, String sha256, String version) {
    }

    /** A request without dev options or bundle override. */
    public LaunchRequest(Action action, Profile profile) {
        this(action, profile, null, null, null);
    }
}
