package dev.sparkflow.launcher.io;

/** An EC2 instance of ours as the launcher sees it. */
public record LiveInstance(
        String instanceId, String state, String privateAddress, String publicAddress, String deadline, String bundleVersion) {

    /** Pending or running: it counts as the profile's one instance. */
    public boolean alive() {
        return "pending".equals(state) || "running".equals(state);
    }
}
