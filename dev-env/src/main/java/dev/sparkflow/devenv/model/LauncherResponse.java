package dev.sparkflow.devenv.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The launcher Lambda's answer: the instance view when {@code ok}, else {@code error}; absent fields are null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LauncherResponse(
        Boolean ok,
        String profile,
        String instanceId,
        String state,
        Boolean reused,
        String privateAddress,
        String publicAddress,
        String deadline,
        String bundleVersion,
        Airflow airflow,
        Error error) {

    /** The state the launcher reports when the profile has no live instance. */
    public static final String NO_INSTANCE = "none";

    /** How the launcher says to reach the Airflow UI. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Airflow(String portForwardCommand, String url) {
    }

    /** A refusal: machine-readable code and a sentence for people. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(String code, String message) {
    }

    /** Whether the response names a live instance. */
    public boolean hasInstance() {
        return instanceId != null && !NO_INSTANCE.equals(state);
    }
}
