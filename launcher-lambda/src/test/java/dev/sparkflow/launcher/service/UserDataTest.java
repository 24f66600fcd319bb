package dev.sparkflow.launcher.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.io.Tags;
import dev.sparkflow.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The renderer on its own: settings checks, quoting, size, shellcheck, and agreement with config/platform.yml. */
class UserDataTest {
    // An RSA 4096 public key line is about 725 characters: the largest key a developer is likely to send.
    private static final String BIG_KEY = "ssh-rsa " + rsaBody(4096 / 8) + " developer@a-rather-long-laptop-name.example";

    @TempDir
    Path dir;

    @Test
    void theSettingsBlockReplacesTheTemplatesOneVariableForVariable() throws IOException {
        String template = BootScriptTest.resource("boot.sh");

        assertEquals(variables(template), List.copyOf(UserData.settingsLines(BootFixture.settings(Profile.DEV)).keySet()));
        assertEquals(variables(template), variables(UserData.render(BootFixture.settings(Profile.DEV))));
    }

    @Test
    void everyEmbeddedFileIsInTheRenderedScriptAndNoIncludeIsLeft() throws IOException {
        String rendered = UserData.render(BootFixture.settings(Profile.PIPELINE));

        assertTrue(!rendered.contains(UserData.INCLUDE), "no include left");
        for (String name : List.of("sparkflow-watchdog.sh", "sparkflow-watchdog.service", "sparkflow-watchdog.timer")) {
            assertTrue(rendered.contains("\n" + BootScriptTest.resource(name) + UserData.HEREDOC_END + "\n"), name);
        }
    }

    @Test
    void aDevScriptWithALargeKeyStaysUnderEc2sUserDataLimit() throws IOException {
        UserData.Settings dev = BootFixture.with(BootFixture.settings(Profile.DEV),
                new UserData.Bundle("a-bucket-with-a-long-name-for-artifacts-0123456789", "bundles/0123456789abcdef0123456789abcdef01234567/sparkflow-airflow-bundle.zip",
                        "0".repeat(64), "0123456789abcdef0123456789abcdef01234567"),
                Instant.parse("2026-11-21T18:00:00Z"), BIG_KEY);

        byte[] sent = Base64.getDecoder().decode(UserData.renderBase64(dev));

        assertTrue(sent.length < UserData.MAX_BYTES, sent.length + " bytes");
        assertEquals(UserData.render(dev), new String(new GZIPInputStream(new ByteArrayInputStream(sent)).readAllBytes(),
                StandardCharsets.UTF_8), "cloud-init unpacks exactly the script");
        assertArrayEquals(sent, Base64.getDecoder().decode(UserData.renderBase64(dev)), "the same bytes every time");
    }

    @Test
    void aScriptOverTheLimitIsRefusedWithItsSize() {
        // Random letters do not compress: 40,000 of them are ~30 KB gzipped.
        Random random = new Random(42);
        String noise = random.ints(40_000, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        UserData.AirflowEnv huge = new UserData.AirflowEnv("s3://logs/airflow/logs", "s3://a/dbt/", "s3://a/marts/", noise);
        UserData.Settings base = BootFixture.settings(Profile.PIPELINE);
        UserData.Settings settings = new UserData.Settings(base.region(), base.envName(), base.profile(), base.artifactsBucket(),
                base.lakeBucket(), base.landingPrefix(), huge, null, 30, 6, 8080, null, null);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> UserData.render(settings));
        assertTrue(refused.getMessage().contains("compressed, over EC2's 16384"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$(reboot)", "'; rm -rf /", "`reboot`", "a'b\"c\\d$HOME", "${IFS}x", "!!", "*", "~root"})
    void aQuotedValueIsOneInertShellWord(String hostile) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", "printf '%s|' " + UserData.shellQuote(hostile)).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(bash.waitFor(10, TimeUnit.SECONDS));
        assertEquals(hostile + "|", out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"landing/\nreboot", "landing/\rx", "landing/\u0000", "landing/\u001b[2J"})
    void aValueWithANewlineOrControlCharacterIsRefused(String bad) {
        UserData.Settings base = BootFixture.settings(Profile.PIPELINE);

        assertThrows(IllegalArgumentException.class, () -> new UserData.Settings(base.region(), base.envName(), base.profile(),
                base.artifactsBucket(), base.lakeBucket(), bad, base.airflow(), null, 30, 6, 8080, null, null));
    }

    @Test
    void malformedSettingsAreRefused() {
        UserData.Settings pipeline = BootFixture.settings(Profile.PIPELINE);
        String sha = "a".repeat(64);

        assertThrows(IllegalArgumentException.class, () -> new UserData.Bundle("b-1", "k", "ABC", "v1"));
        assertThrows(IllegalArgumentException.class, () -> new UserData.Bundle("b-1", "k", sha, "../etc"));
        assertThrows(IllegalArgumentException.class, () -> new UserData.Bundle("b-1", "k", sha, ".."));
        assertThrows(IllegalArgumentException.class, () -> new UserData.Bundle("Bad_Bucket", "k", sha, "v1"));
        assertThrows(IllegalArgumentException.class, () -> BootFixture.with(pipeline, null, null,
                "ssh-ed25519 " + BootFixture.ed25519Body()));
        assertThrows(IllegalArgumentException.class, () -> new UserData.Settings("us-east-1; reboot", "test", Profile.DEV,
                "a-b", "c-d", "landing/", pipeline.airflow(), null, 30, 6, 8080, null, null));
        assertThrows(IllegalArgumentException.class, () -> new UserData.Settings("us-east-1", "../prod", Profile.DEV,
                "a-b", "c-d", "landing/", pipeline.airflow(), null, 30, 6, 8080, null, null));
        assertThrows(IllegalArgumentException.class, () -> new UserData.Settings("us-east-1", "test", Profile.DEV,
                "a-b", "c-d", "landing/", pipeline.airflow(), null, 0, 6, 8080, null, null));
        assertThrows(IllegalArgumentException.class, () -> new UserData.Settings("us-east-1", "test", Profile.DEV,
                "a-b", "c-d", "landing/", pipeline.airflow(), null, 30, 25, 8080, null, null));
    }

    @Test
    void theTemplatesAndARenderedScriptPassShellcheck() throws Exception {
        Path pipeline = Files.writeString(dir.resolve("pipeline.sh"), UserData.render(BootFixture.settings(Profile.PIPELINE)));
        Path dev = Files.writeString(dir.resolve("dev.sh"), UserData.render(BootFixture.with(BootFixture.settings(Profile.DEV),
                new UserData.Bundle("b-1", "bundles/x y/z.zip", "a".repeat(64), "v1"), Instant.now(), BIG_KEY)));
        List<String> command = new ArrayList<>(List.of(UserDataSandbox.shellcheck().toString(), "--severity=style"));
        for (String name : List.of("boot.sh", "sparkflow-watchdog.sh")) {
            command.add(Files.writeString(dir.resolve(name), BootScriptTest.resource(name)).toString());
        }
        command.addAll(List.of(pipeline.toString(), dev.toString()));

        Process shellcheck = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(shellcheck.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, shellcheck.exitValue(), out);
    }

    @Test
    void theNamesAndDefaultsAgreeWithConfigPlatformYml() throws IOException {
        String platform = Files.readString(repoRoot().resolve("config/platform.yml"));
        String boot = BootScriptTest.resource("boot.sh");
        String watchdog = BootScriptTest.resource("sparkflow-watchdog.sh");

        assertEquals("/sparkflow/{env}", value(platform, "prefix"));
        assertTrue(boot.contains("ssm_prefix=\"/sparkflow/${env_name}\""));
        for (String key : List.of("bundle_pointer", "compose_pointer")) {
            assertTrue(boot.contains(value(platform, key).replace("/sparkflow/{env}", "$ssm_prefix")), key);
        }
        assertTrue(boot.contains(value(platform, "airflow_prefix").replace("/sparkflow/{env}", "$ssm_prefix").replace("{profile}", "$profile") + "/$name"));
        assertEquals(UserData.AIRFLOW_SECRETS, Arrays.stream(value(platform, "airflow_secrets").replaceAll("[\\[\\]]", "")
                .split(",")).map(String::trim).toList());
        assertTrue(boot.contains(value(platform, "superset_prefix").replace("/sparkflow/{env}", "$ssm_prefix") + "/$name"));
        assertEquals(UserData.SUPERSET_SECRETS, Arrays.stream(value(platform, "superset_secrets").replaceAll("[\\[\\]]", "")
                .split(",")).map(String::trim).toList());
        String backup = value(platform, "metadata_backup").replace("{profile}", "$profile");
        assertTrue(boot.contains(backup) && watchdog.contains(backup), backup);
        assertTrue(watchdog.contains(value(platform, "logs_backup").replace("{profile}", "$profile")));
        assertEquals(Integer.toString(UserData.DEFAULT_IDLE_MINUTES), value(platform, "idle_minutes"));
        assertEquals(Integer.toString(UserData.DEFAULT_PIPELINE_IDLE_MINUTES), value(platform, "pipeline_idle_minutes"));
        assertEquals(Integer.toString(UserData.DEFAULT_MAX_LIFETIME_HOURS), value(platform, "max_lifetime_hours"));
        assertEquals(Integer.toString(UserData.DEFAULT_AIRFLOW_PORT), value(platform, "airflow_port"));
        assertEquals(UserData.INSTANCE_USER, value(platform, "user"));
        // The tag keys the launcher writes and the janitor reads are platform.yml's; "emr-batch" is the DAG's cluster JSON's.
        assertEquals(Tags.MANAGED, value(platform, "managed"));
        assertEquals(Tags.PROFILE, value(platform, "profile"));
        assertEquals(Tags.DEADLINE, value(platform, "deadline"));
        assertEquals(Tags.BUNDLE_VERSION, value(platform, "bundle_version"));
        assertEquals(Tags.EMR_COMPONENT, value(platform, "emr_component"));
        assertEquals(Tags.EMR_EXPIRES_AT, value(platform, "emr_expires_at"));
        String cluster = Files.readString(repoRoot().resolve("airflow/dags/include/emr_cluster.json"));
        assertTrue(cluster.contains("{\"Key\": \"" + Tags.EMR_COMPONENT + "\", \"Value\": \"" + Tags.EMR_BATCH + "\"}"), cluster);
    }

    /** The value of the first {@code key:} line in platform.yml, without its comment. */
    private static String value(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(key) + ":\\s*([^#\\n]*?)\\s*(#.*)?$").matcher(yaml);
        assertTrue(m.find(), key + " in platform.yml");
        return m.group(1);
    }

    /** The names assigned in a script's settings block, in order. */
    private static List<String> variables(String script) {
        String block = script.substring(script.indexOf(UserData.BEGIN_SETTINGS), script.indexOf(UserData.END_SETTINGS));
        return block.lines().filter(l -> l.startsWith("readonly ")).map(l -> l.substring(9, l.indexOf('='))).toList();
    }

    private static Path repoRoot() {
        return Path.of(System.getenv(MotoServer.REPO_ROOT_ENV));
    }

    /** A base64 ssh-rsa body of roughly the size of a real key with {@code modulusBytes} of modulus. */
    private static String rsaBody(int modulusBytes) {
        byte[] type = "ssh-rsa".getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer blob = java.nio.ByteBuffer.allocate(4 + type.length + 4 + 3 + 4 + 1 + modulusBytes)
                .putInt(type.length).put(type).putInt(3).put(new byte[] {1, 0, 1}).putInt(modulusBytes + 1).put((byte) 0);
        for (int i = 0; i < modulusBytes; i++) {
            blob.put((byte) (i * 31 + 7));
        }
        return Base64.getEncoder().encodeToString(blob.array());
    }
}
