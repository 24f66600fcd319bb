package dev.sparkflow.launcher.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The launcher's answer to a direct request: {@code {"ok":true, …the instance view's fields…}} or
 * {@code {"ok":false,"error":{"code":…,"message":…}}}. Exactly one of {@code instance} and {@code error} is set.
 */
public record LauncherResponse(boolean ok, @JsonUnwrapped InstanceView instance, Refusal error) {

    /** The answer naming {@code view}. */
    public static LauncherResponse answered(InstanceView view) {
        return new LauncherResponse(true, view, null);
    }

    /** The refusal with {@code code} and {@code message}; nothing was started. */
    public static LauncherResponse refused(ErrorCode code, String message) {
        return new LauncherResponse(false, null, Refusal.of(code, message));
    }
}
