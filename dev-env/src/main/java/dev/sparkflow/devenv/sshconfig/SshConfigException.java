package dev.sparkflow.devenv.sshconfig;

import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;

/** The ssh config cannot be edited safely; whoever throws this has not changed the file. */
public final class SshConfigException extends DevEnvException {
    private static final long serialVersionUID = 1L;

    /** A refusal told to the user as {@code message}. */
    public SshConfigException(String message) {
        super(Failure.SSH_CONFIG_REFUSED, message);
    }

    /** The same, keeping the exception that caused it. */
    public SshConfigException(String message, Throwable cause) {
        super(Failure.SSH_CONFIG_REFUSED, message, cause);
    }
}
