package dev.sparkflow.launcher.service;

import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.model.Lake;
import dev.sparkflow.launcher.model.SshPublicKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Renders the EC2 user-data: {@code userdata/boot.sh} with its settings block filled in and the watchdog script and
 * systemd units embedded, so one script does the whole boot. Pure: no AWS calls, nothing secret in the output.
 */
public final class UserData {
    /**
     * EC2's limit on user-data, counted before base64 encoding. The script travels gzip-compressed (cloud-init
     * recognises the gzip magic and runs what it unpacks), so the limit applies to the compressed bytes.
     */
    public static final int MAX_BYTES = 16_384;
    /** Defaults of config/platform.yml's {@code instance} section. */
    public static final int DEFAULT_IDLE_MINUTES = 30;
    /** The pipeline profile's idle minutes: nobody works on it, so it powers off soon after its batch. */
    public static final int DEFAULT_PIPELINE_IDLE_MINUTES = 2;
    public static final int DEFAULT_MAX_LIFETIME_HOURS = 6;
    public static final int DEFAULT_AIRFLOW_PORT = 8080;
    /** The login user of the Amazon Linux 2023 AMI (platform.yml {@code instance.user}). */
    public static final String INSTANCE_USER = "ec2-user";
    /** SecureStrings under {@code /sparkflow/{env}/{profile}/airflow/} written as secret files (platform.yml {@code ssm.airflow_secrets}). */
    public static final List<String> AIRFLOW_SECRETS =
            List.of("admin-password", "postgres-password", "fernet-key", "api-secret-key", "jwt-secret");
    /** The dev instance's dashboards: SecureStrings under {@code /sparkflow/{env}/dev/superset/} (platform.yml {@code ssm.superset_secrets}). */
    public static final List<String> SUPERSET_SECRETS = List.of("secret-key", "admin-password");

    static final String TEMPLATE = "userdata/boot.sh";
    static final String BEGIN_SETTINGS = "# BEGIN SETTINGS";
    static final String END_SETTINGS = "# END SETTINGS";
    static final String INCLUDE = "#@include ";
    static final String HEREDOC_END = "SPARKFLOW_EOF";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ENV_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private UserData() {
    }

    /** A bundle to boot instead of the one the SSM pointer names (from the request). */
    public record Bundle(String bucket, String key, String sha256, String version) {
        public Bundle {
            requireMatch("bundle bucket", bucket, BUCKET);
            requireText("bundle key", key);
            requireMatch("bundle sha256", sha256, SHA256);
            requireMatch("bundle version", version, VERSION);
            if (version.equals(".") || version.equals("..")) {
                throw new IllegalArgumentException("bundle version must not be '.' or '..'");
            }
        }
    }

    /** The Compose project's environment that is not secret (airflow/README-deploy.md). */
    public record AirflowEnv(String remoteLogFolder, String athenaStagingDir, String athenaDataDir, String athenaWorkGroup) {
        public AirflowEnv {
            requireText("Airflow remote log folder", remoteLogFolder);
            requireText("Athena staging dir", athenaStagingDir);
            requireText("Athena data dir", athenaDataDir);
            requireText("Athena work group", athenaWorkGroup);
        }
    }

    /**
     * Everything the boot needs to know; {@code bundle}, {@code deadline} and {@code sshPublicKey} may be null
     * (the SSM bundle pointer, the lifetime alone, no key). Invalid values throw {@link IllegalArgumentException}.
     */
    public record Settings(String region, String envName, Profile profile, String artifactsBucket, String lakeBucket,
                           String landingPrefix, AirflowEnv airflow, Bundle bundle, int idleMinutes,
                           int maxLifetimeHours, int airflowPort, Instant deadline, String sshPublicKey) {
        public Settings {
            requireMatch("region", region, REGION);
            requireMatch("env name", envName, ENV_NAME);
            if (profile == null || airflow == null) {
                throw new IllegalArgumentException("profile and airflow settings are required");
            }
            requireMatch("artifacts bucket", artifactsBucket, BUCKET);
            requireMatch("lake bucket", lakeBucket, BUCKET);
            requireText("landing prefix", landingPrefix);
            requireRange("idle minutes", idleMinutes, 1, 24 * 60);
            requireRange("max lifetime hours", maxLifetimeHours, 1, 24);
            requireRange("Airflow port", airflowPort, 1, 65_535);
            if (sshPublicKey != null) {
                if (profile != Profile.DEV) {
                    throw new IllegalArgumentException("an SSH public key is only installed on the dev profile");
                }
                requireText("SSH public key", sshPublicKey);
                SshPublicKey.validate(sshPublicKey);
            }
        }
    }

    /** The user-data script for {@code settings}; throws {@link IllegalArgumentException} when its compressed form is past {@link #MAX_BYTES}. */
    public static String render(Settings settings) {
        String template = resource(TEMPLATE);
        int begin = template.indexOf(BEGIN_SETTINGS);
        int end = template.indexOf(END_SETTINGS);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(TEMPLATE + " has no settings block");
        }
        int blockStart = template.indexOf('\n', begin) + 1;
        StringBuilder script = new StringBuilder(template.substring(0, blockStart));
        settingsLines(settings).forEach((name, value) ->
                script.append("readonly ").append(name).append('=').append(shellQuote(value)).append('\n'));
        script.append(template, end, template.length());
        String rendered = embedIncludes(script.toString());
        int bytes = gzip(rendered).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("the rendered user-data is " + bytes + " bytes compressed, over EC2's "
                    + MAX_BYTES);
        }
        return rendered;
    }

    /** {@link #render} gzip-compressed and base64-encoded, as RunInstances' {@code UserData} takes it. */
    public static String renderBase64(Settings settings) {
        return Base64.getEncoder().encodeToString(gzip(render(settings)));
    }

    /** The script's UTF-8 bytes, gzip-compressed; the same bytes for the same script (the header's time is 0). */
    static byte[] gzip(String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The settings block's variables in template order (names equal the template's placeholders). */
    static Map<String, String> settingsLines(Settings s) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("region", s.region());
        lines.put("env_name", s.envName());
        lines.put("profile", s.profile().wireName());
        lines.put("artifacts_bucket", s.artifactsBucket());
        lines.put("lake_bucket", s.lakeBucket());
        lines.put("landing_prefix", s.landingPrefix());
        lines.put("ignored_files", String.join(" ", Lake.LAYOUT.ignoredFiles()));
        lines.put("bundle_bucket", s.bundle() == null ? "" : s.bundle().bucket());
        lines.put("bundle_key", s.bundle() == null ? "" : s.bundle().key());
        lines.put("bundle_sha256", s.bundle() == null ? "" : s.bundle().sha256());
        lines.put("bundle_version", s.bundle() == null ? "" : s.bundle().version());
        lines.put("idle_minutes", Integer.toString(s.idleMinutes()));
        lines.put("max_lifetime_hours", Integer.toString(s.maxLifetimeHours()));
        lines.put("deadline_epoch", s.deadline() == null ? "" : Long.toString(s.deadline().getEpochSecond()));
        lines.put("airflow_port", Integer.toString(s.airflowPort()));
        lines.put("airflow_log_folder", s.airflow().remoteLogFolder());
        lines.put("athena_staging_dir", s.airflow().athenaStagingDir());
        lines.put("athena_data_dir", s.airflow().athenaDataDir());
        lines.put("athena_work_group", s.airflow().athenaWorkGroup());
        lines.put("ssh_public_key", s.sshPublicKey() == null ? "" : s.sshPublicKey().trim());
        lines.put("instance_user", INSTANCE_USER);
        lines.put("airflow_secrets", String.join(" ", AIRFLOW_SECRETS));
        lines.put("superset_secrets", String.join(" ", SUPERSET_SECRETS));
        return lines;
    }

    /** {@code value} as one single-quoted shell word: nothing inside is expanded. */
    static String shellQuote(String value) {
        if (CONTROL.matcher(value).find()) {
            throw new IllegalArgumentException("a user-data value must be one line without control characters");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Replaces each {@code #@include NAME} line by the resource {@code userdata/NAME} (inside a quoted heredoc). */
    private static String embedIncludes(String script) {
        StringBuilder out = new StringBuilder(script.length() * 2);
        for (String line : script.split("\n", -1)) {
            if (line.startsWith(INCLUDE)) {
                String included = resource("userdata/" + line.substring(INCLUDE.length()).trim());
                if (included.lines().anyMatch(HEREDOC_END::equals)) {
                    throw new IllegalStateException("an included file holds the heredoc terminator " + HEREDOC_END);
                }
                out.append(included.endsWith("\n") ? included.substring(0, included.length() - 1) : included);
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String resource(String name) {
        try (InputStream in = UserData.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (CONTROL.matcher(value).find()) {
            throw new IllegalArgumentException(what + " must be one line without control characters");
        }
    }

    private static void requireMatch(String what, String value, Pattern pattern) {
        requireText(what, value);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' does not match " + pattern.pattern());
        }
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", not " + value);
        }
    }
}
