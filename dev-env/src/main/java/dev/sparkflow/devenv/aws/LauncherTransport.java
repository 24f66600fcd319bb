package dev.sparkflow.devenv.aws;

/** How a request reaches the launcher: the request's JSON in, the launcher's JSON answer out. */
public interface LauncherTransport {
    /** Who answers, for progress lines: the function's name or ARN. */
    String target();

    /** The launcher's answer to {@code request}; a DevEnvException when it cannot be invoked or fails. */
    byte[] invoke(byte[] request);
}
