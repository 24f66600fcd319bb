package dev.sparkflow.launcher.service;

import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.model.RequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The launcher's settings, read from the function's environment (set by Terraform). */
public record LauncherConfig(
        String launchTemplateName,
        String lockTable,
        String bundleVersion,
        Duration maxLifetime,
        boolean spot,
        int airflowPort,
        String region,
        Duration emrIdle,
        String lakeBucket,
        String devSecurityGroup,
        String envName,
        String artifactsBucket,
        int idleMinutes,
        UserData.AirflowEnv airflowEnv,
        String devLaunchTemplateName,
        int pipelineIdleMinutes) {

    /** The launch template for a profile: the dev one differs in its security group (SSH rules land there). */
    public String launchTemplateFor(Profile profile) {
        return profile == Profile.DEV ? devLaunchTemplateName : launchTemplateName;
    }

    /** The idle minutes before the watchdog powers a profile's instance off: the pipeline's own, shorter setting. */
    public int idleMinutesFor(Profile profile) {
        return profile == Profile.PIPELINE ? pipelineIdleMinutes : idleMinutes;
    }


    public static final String LAUNCH_TEMPLATE = "SPARKFLOW_LAUNCH_TEMPLATE";
    public static final String DEV_LAUNCH_TEMPLATE = "SPARKFLOW_DEV_LAUNCH_TEMPLATE";
    public static final String LOCK_TABLE = "SPARKFLOW_LOCK_TABLE";
    public static final String BUNDLE_VERSION = "SPARKFLOW_BUNDLE_VERSION";
    public static final String MAX_LIFETIME_HOURS = "SPARKFLOW_MAX_LIFETIME_HOURS";
    public static final String SPOT = "SPARKFLOW_SPOT";
    public static final String AIRFLOW_PORT = "SPARKFLOW_AIRFLOW_PORT";
    public static final String REGION = "AWS_REGION";
    public static final String EMR_IDLE_MINUTES = "SPARKFLOW_EMR_IDLE_MINUTES";
    public static final String LAKE_BUCKET = "SPARKFLOW_LAKE_BUCKET";
    public static final String DEV_SECURITY_GROUP = "SPARKFLOW_DEV_SECURITY_GROUP";
    public static final String ENV_NAME = "SPARKFLOW_ENV";
    public static final String ARTIFACTS_BUCKET = "SPARKFLOW_ARTIFACTS_BUCKET";
    public static final String IDLE_MINUTES = "SPARKFLOW_IDLE_MINUTES";
    public static final String PIPELINE_IDLE_MINUTES = "SPARKFLOW_PIPELINE_IDLE_MINUTES";
    public static final String AIRFLOW_LOG_FOLDER = "SPARKFLOW_AIRFLOW_LOG_FOLDER";
    public static final String ATHENA_STAGING_DIR = "SPARKFLOW_ATHENA_STAGING_DIR";
    public static final String ATHENA_DATA_DIR = "SPARKFLOW_ATHENA_DATA_DIR";
    public static final String ATHENA_WORKGROUP = "SPARKFLOW_ATHENA_WORKGROUP";

    /** Reads the settings; a {@link RequestException} ({@code missing_configuration}) names every absent or bad one. */
    public static LauncherConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String template = required(env, LAUNCH_TEMPLATE, problems);
        String table = required(env, LOCK_TABLE, problems);
        String bundle = required(env, BUNDLE_VERSION, problems);
        String region = required(env, REGION, problems);
        int hours = number(env, MAX_LIFETIME_HOURS, 6, 1, 24, problems);
        int port = number(env, AIRFLOW_PORT, 8080, 1, 65_535, problems);
        int emrIdleMinutes = number(env, EMR_IDLE_MINUTES, 60, 5, 24 * 60, problems);
        String lakeBucket = required(env, LAKE_BUCKET, problems);
        String devGroup = optional(env, DEV_SECURITY_GROUP);
        String envName = required(env, ENV_NAME, problems);
        String artifacts = required(env, ARTIFACTS_BUCKET, problems);
        int idleMinutes = number(env, IDLE_MINUTES, UserData.DEFAULT_IDLE_MINUTES, 5, 24 * 60, problems);
        int pipelineIdleMinutes = number(env, PIPELINE_IDLE_MINUTES, UserData.DEFAULT_PIPELINE_IDLE_MINUTES, 1, 24 * 60, problems);
        String spot = env.getOrDefault(SPOT, "false").trim();
        if (!spot.equals("true") && !spot.equals("false")) {
            problems.add(SPOT + " must be true or false, not '" + spot + "'");
        }
        if (!problems.isEmpty()) {
            throw new RequestException(ErrorCode.MISSING_CONFIGURATION,
                    "the launcher is not configured: " + String.join("; ", problems));
        }
        // Defaults follow the bucket layout Terraform creates; Terraform sets them explicitly anyway.
        UserData.AirflowEnv airflowEnv = new UserData.AirflowEnv(
                env.getOrDefault(AIRFLOW_LOG_FOLDER, "s3://" + artifacts + "/logs/airflow"),
                env.getOrDefault(ATHENA_STAGING_DIR, "s3://" + lakeBucket + "/athena-results/"),
                env.getOrDefault(ATHENA_DATA_DIR, "s3://" + lakeBucket + "/marts/"),
                env.getOrDefault(ATHENA_WORKGROUP, "sparkflow"));
        return new LauncherConfig(template, table, bundle, Duration.ofHours(hours), Boolean.parseBoolean(spot), port, region,
                Duration.ofMinutes(emrIdleMinutes), lakeBucket, devGroup, envName, artifacts, idleMinutes, airflowEnv,
                env.getOrDefault(DEV_LAUNCH_TEMPLATE, template), pipelineIdleMinutes);
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set");
            return null;
        }
        return value.trim();
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        return fallback;
    }
}
