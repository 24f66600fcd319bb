package dev.sparkflow.devenv.model;

/** A failure the user can act on: its message is printed as is, its {@link Failure} sets the exit code. */
public class DevEnvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Failure failure;

    /** A failure of kind {@code failure}, told to the user as {@code message}. */
    public DevEnvException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    /** The same, keeping the exception that caused it. */
    public DevEnvException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** What kind of failure this is. */
    public Failure failure() {
        return failure;
    }
}
