package dev.sparkflow.launcher.model;

import dev.sparkflow.launcher.api.ErrorCode;

/** A request the launcher refuses, with a code and a message meant for the caller; nothing was started. */
public final class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RequestException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
