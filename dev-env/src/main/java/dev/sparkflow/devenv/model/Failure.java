package dev.sparkflow.devenv.model;

/** Why a command failed, and the process exit code that tells scripts so. */
public enum Failure {
    /** The launcher answered {@code ok:false}, failed, or could not be invoked. */
    LAUNCHER_REFUSED(3),
    /** {@code ~/.ssh/config} cannot be edited safely; it was left untouched. */
    SSH_CONFIG_REFUSED(4),
    /** The instance did not become running and reachable in time. */
    TIMEOUT(5),
    /** There is no live dev instance, or it ended while we waited. */
    NO_INSTANCE(6),
    /** An AWS call failed (credentials, network, permissions). */
    AWS_FAILURE(7),
    /** The dedicated key pair is missing a half or cannot be written. */
    KEY_PROBLEM(8);

    private final int exitCode;

    Failure(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code (0 is success, 1 an unexpected error, 2 a usage error). */
    public int exitCode() {
        return exitCode;
    }
}
