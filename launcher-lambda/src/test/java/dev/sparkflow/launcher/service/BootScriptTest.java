package dev.sparkflow.launcher.service;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.model.Lake;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rendered user-data run by bash in a sandbox: real AWS CLI against moto, stand-ins for OS commands only. */
@WithMotoServer
class BootScriptTest {
    private static final String SSH_KEY = "ssh-ed25519 " + BootFixture.ed25519Body() + " dev@laptop";

    @TempDir
    Path dir;
    UserDataSandbox sandbox;
    BootFixture fixture;

    @BeforeEach
    void seed(MotoServer moto) {
        sandbox = new UserDataSandbox(dir, moto);
        fixture = new BootFixture(moto, sandbox).seeded();
    }

    @Test
    void aBundleWhoseChecksumDoesNotMatchStopsTheBootBeforeAnythingIsInstalledOrStarted() {
        fixture.pointer("/sparkflow/" + BootFixture.ENV + "/bundle/current", BootFixture.BUNDLE_KEY,
                BootFixture.sha256("another build".getBytes(StandardCharsets.UTF_8)), BootFixture.VERSION);

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.PIPELINE)));

        List<String> calls = sandbox.calls();
        assertAll(
                () -> assertNotEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().contains("checksum mismatch for s3://" + BootFixture.ARTIFACTS + "/"
                        + BootFixture.BUNDLE_KEY), result.output()),
                () -> assertTrue(calls.get(0).startsWith("shutdown -P +360 "), "lifetime armed first: " + calls),
                () -> assertEquals("systemctl poweroff", calls.get(calls.size() - 1), calls.toString()),
                () -> assertTrue(calls.stream().noneMatch(c -> c.startsWith("docker") || c.startsWith("dnf")), calls.toString()),
                () -> assertFalse(Files.exists(sandbox.onInstance("/opt/sparkflow/downloads/bundle.zip")), "download removed"),
                () -> assertFalse(Files.exists(sandbox.onInstance("/opt/sparkflow/" + BootFixture.VERSION)), "nothing unpacked"),
                () -> assertFalse(Files.exists(sandbox.onInstance("/run/sparkflow/secrets")), "no secrets written"),
                () -> assertTrue(Files.readString(sandbox.onInstance("/var/log/sparkflow-boot.log")).contains("checksum mismatch")));
    }

    @Test
    void aComposePluginWhoseChecksumDoesNotMatchIsNotInstalledAndNothingStarts() {
        fixture.pointer("/sparkflow/" + BootFixture.ENV + "/tools/compose", BootFixture.COMPOSE_KEY,
                BootFixture.sha256("a tampered plugin".getBytes(StandardCharsets.UTF_8)), "2.40.3");

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.PIPELINE)));

        List<String> calls = sandbox.calls();
        assertAll(
                () -> assertNotEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().contains("checksum mismatch for s3://" + BootFixture.ARTIFACTS + "/"
                        + BootFixture.COMPOSE_KEY), result.output()),
                () -> assertEquals("systemctl poweroff", calls.get(calls.size() - 1), calls.toString()),
                () -> assertTrue(calls.stream().noneMatch(c -> c.startsWith("docker")), calls.toString()),
                () -> assertFalse(Files.exists(sandbox.onInstance("/usr/local/lib/docker/cli-plugins/docker-compose"))),
                () -> assertFalse(Files.exists(sandbox.onInstance("/opt/sparkflow/downloads/docker-compose"))));
    }

    @Test
    void theHappyPathUnpacksTheBundleWritesSecretsAndStartsComposeThenTheWatchdog() throws IOException {
        String rendered = UserData.render(BootFixture.settings(Profile.PIPELINE));

        UserDataSandbox.Result result = sandbox.boot(rendered);

        assertEquals(0, result.exitCode(), result.output());
        List<String> calls = sandbox.calls();
        String compose = "docker compose -f " + sandbox.onInstance("/opt/sparkflow/current/airflow/docker-compose.yml");
        assertTrue(calls.get(0).startsWith("shutdown -P +360 "), "lifetime armed first: " + calls);
        assertInOrder(calls, "dnf install -y docker unzip", "systemctl enable --now docker", "docker compose version",
                "docker login --username AWS --password-stdin " + BootFixture.REGISTRY,
                "docker pull " + BootFixture.AIRFLOW_IMAGE, "docker pull " + BootFixture.POSTGRES_IMAGE,
                compose + " config --images",
                compose + " up --pull never --no-build -d --wait --wait-timeout 1800", "systemctl daemon-reload",
                "systemctl enable --now sparkflow-watchdog.timer");
        assertEquals(List.of(BootFixture.AIRFLOW_IMAGE, BootFixture.POSTGRES_IMAGE),
                calls.stream().filter(c -> c.startsWith("docker pull ")).map(c -> c.substring(12)).toList(),
                "exactly the two digests are pulled: the pipeline serves no dashboards");
        assertTrue(calls.stream().filter(c -> c.contains(" up ")).allMatch(c -> c.contains(" up --pull never --no-build ")),
                calls.toString());
        assertTrue(calls.stream().noneMatch(c -> c.contains("--build ") || c.contains(" build")), calls.toString());
        assertFalse(Files.readString(dir.resolve("docker-login-password")).isBlank(), "an ECR token reached docker login");
        assertFalse(calls.contains("systemctl poweroff"), calls.toString());
        assertTrue(calls.stream().noneMatch(c -> c.contains("sparkflow-metadata")), "no backup, no restore: " + calls);

        Path bundle = sandbox.onInstance("/opt/sparkflow/" + BootFixture.VERSION);
        assertEquals(BootFixture.COMPOSE_FILE, Files.readString(bundle.resolve("airflow/docker-compose.yml")));
        assertEquals(bundle, Files.readSymbolicLink(sandbox.onInstance("/opt/sparkflow/current")));
        Path plugin = sandbox.onInstance("/usr/local/lib/docker/cli-plugins/docker-compose");
        assertArrayEquals(BootFixture.COMPOSE_PLUGIN, Files.readAllBytes(plugin));
        assertEquals("rwxr-xr-x", mode(plugin));

        Path secrets = sandbox.onInstance("/run/sparkflow/secrets");
        assertEquals("rwx------", mode(secrets));
        for (String name : UserData.AIRFLOW_SECRETS) {
            Path file = secrets.resolve(name.replace('-', '_'));
            assertEquals(BootFixture.secretValue(name), Files.readString(file), name);
            assertEquals("r--r--r--", mode(file), name);
            assertFalse(rendered.contains(BootFixture.secretValue(name)), "no secret in user-data");
        }
        for (String name : UserData.SUPERSET_SECRETS) {
            assertFalse(Files.exists(secrets.resolve("superset_" + name.replace('-', '_'))), "no dashboards on pipeline");
        }

        assertEquals(List.of(
                "AIRFLOW_REMOTE_BASE_LOG_FOLDER=s3://sparkflow-logs-test/airflow/logs/pipeline",
                "AWS_REGION=us-east-1",
                "SPARKFLOW_AIRFLOW_IMAGE=" + BootFixture.AIRFLOW_IMAGE,
                "SPARKFLOW_ATHENA_DATA_DIR=s3://sparkflow-athena-test/marts/",
                "SPARKFLOW_ATHENA_STAGING_DIR=s3://sparkflow-athena-test/dbt/",
                "SPARKFLOW_ATHENA_WORK_GROUP=sparkflow",
                "SPARKFLOW_POSTGRES_IMAGE=" + BootFixture.POSTGRES_IMAGE,
                "SPARKFLOW_SECRETS_DIR=" + secrets,
                "SPARKFLOW_SSM_PREFIX=/sparkflow/test/pipeline/airflow"), composeEnv());

        for (String unit : List.of("sparkflow-watchdog.service", "sparkflow-watchdog.timer")) {
            assertEquals(resource(unit), Files.readString(sandbox.onInstance("/etc/systemd/system/" + unit)), unit);
        }
        Path watchdog = sandbox.onInstance("/usr/local/sbin/sparkflow-watchdog");
        assertEquals(resource("sparkflow-watchdog.sh"), Files.readString(watchdog));
        assertEquals("rwxr-xr-x", mode(watchdog));
        UserDataSandbox.Result ignored = sandbox.run(sandbox.write("read-conf.sh", "source \"$1\"; printf '%s' \"$ignored_files\""),
                Map.of(), sandbox.onInstance("/etc/sparkflow/watchdog.conf").toString());
        assertEquals(String.join(" ", Lake.LAYOUT.ignoredFiles()), ignored.output(), "lake.yml's ignored_files reach the watchdog");
        assertTrue(Files.readString(sandbox.onInstance("/var/log/sparkflow-boot.log")).contains("boot complete"));
    }

    @Test
    void anExistingMetadataBackupIsRestoredAsTheAirflowRoleAndMigratedBeforeAirflowStartsAndTheDevKeyIsInstalled()
            throws IOException {
        byte[] backup = "backup tar from the last instance".getBytes(StandardCharsets.UTF_8);
        fixture.put(BootFixture.ARTIFACTS, "backups/dev/airflow-metadata.tar", backup);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(120));
        UserData.Settings dev = BootFixture.with(BootFixture.settings(Profile.DEV), null, deadline, SSH_KEY);

        UserDataSandbox.Result result = sandbox.boot(UserData.render(dev));

        assertEquals(0, result.exitCode(), result.output());
        List<String> calls = sandbox.calls();
        String compose = "docker compose -f " + sandbox.onInstance("/opt/sparkflow/current/airflow/docker-compose.yml");
        assertTrue(calls.get(0).matches("shutdown -P \\+(119|120) .*"), "the earlier deadline wins: " + calls.get(0));
        assertInOrder(calls, "docker pull " + BootFixture.POSTGRES_IMAGE,
                compose + " up --pull never --no-build -d --wait postgres",
                compose + " exec -T postgres bash /opt/sparkflow/postgres/sparkflow-metadata restore",
                compose + " run --pull never --rm airflow-init",
                compose + " up --pull never --no-build -d --wait --wait-timeout 1800");
        assertTrue(calls.stream().noneMatch(c -> c.contains("sparkflow-metadata reset")), calls.toString());
        assertArrayEquals(backup, Files.readAllBytes(dir.resolve("restored.tar")));
        assertFalse(Files.exists(sandbox.onInstance("/opt/sparkflow/downloads/airflow-metadata.tar")));
        assertTrue(result.output().contains("restored Airflow metadata from s3://" + BootFixture.ARTIFACTS
                + "/backups/dev/airflow-metadata.tar"), result.output());
        assertEquals(List.of(), alerts(), "nothing to alert about");

        Path ssh = sandbox.onInstance("/home/ec2-user/.ssh");
        assertEquals(List.of(SSH_KEY), Files.readAllLines(ssh.resolve("authorized_keys")));
        assertEquals("rw-------", mode(ssh.resolve("authorized_keys")));
        assertEquals("rwx------", mode(ssh));
        assertTrue(calls.contains("chown -R ec2-user:ec2-user " + ssh), calls.toString());
        Path workspace = sandbox.onInstance("/home/ec2-user/sparkflow");
        assertTrue(Files.isDirectory(workspace.resolve("airflow/dags")), "the dev workspace is the unpacked bundle");
    }

    @Test
    void theDevInstancePullsThreeDigestsWritesTheDashboardsSecretsAndStartsTheDashboardsProfile() throws IOException {
        String rendered = UserData.render(BootFixture.settings(Profile.DEV));
        String compose = "docker compose -f " + sandbox.onInstance("/opt/sparkflow/current/airflow/docker-compose.yml");

        UserDataSandbox.Result result = sandbox.boot(rendered);
        List<String> calls = sandbox.calls();

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(List.of(BootFixture.AIRFLOW_IMAGE, BootFixture.POSTGRES_IMAGE, BootFixture.SUPERSET_IMAGE),
                calls.stream().filter(c -> c.startsWith("docker pull ")).map(c -> c.substring(12)).toList(),
                "exactly the three digests are pulled");
        assertInOrder(calls, "docker pull " + BootFixture.SUPERSET_IMAGE, compose + " config --images",
                compose + " up --pull never --no-build -d --wait --wait-timeout 1800");
        Path secrets = sandbox.onInstance("/run/sparkflow/secrets");
        for (String name : UserData.SUPERSET_SECRETS) {
            Path file = secrets.resolve("superset_" + name.replace('-', '_'));
            assertEquals(BootFixture.secretValue("superset-" + name), Files.readString(file), name);
            assertEquals("r--r--r--", mode(file), name);
            assertFalse(rendered.contains(BootFixture.secretValue("superset-" + name)), "no secret in user-data");
        }
        List<String> env = composeEnv();
        assertTrue(env.contains("COMPOSE_PROFILES=dashboards"), env.toString());
        assertTrue(env.contains("SPARKFLOW_SUPERSET_IMAGE=" + BootFixture.SUPERSET_IMAGE), env.toString());
        assertTrue(result.output().contains("the dashboards are up"), result.output());
    }

    @Test
    void aDevBundleWithoutTheDashboardsImageStartsNothingAndPowersOff() throws IOException {
        fixture.deployBundleWithImages(BootFixture.imagesJson(BootFixture.AIRFLOW_IMAGE, BootFixture.POSTGRES_IMAGE, null));

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.DEV)));

        List<String> calls = sandbox.calls();
        assertAll(
                () -> assertNotEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().contains("superset image '-' is not ECR by digest; nothing was started"),
                        result.output()),
                () -> assertTrue(calls.stream().noneMatch(c -> c.startsWith("docker") || c.startsWith("dnf")), calls.toString()),
                () -> assertFalse(Files.exists(sandbox.onInstance("/run/sparkflow/secrets")), "no secrets written"),
                () -> assertEquals("systemctl poweroff", calls.get(calls.size() - 1), calls.toString()));
    }

    @Test
    void aPipelineBundleWithoutTheDashboardsImageBootsAsBefore() throws IOException {
        fixture.deployBundleWithImages(BootFixture.imagesJson(BootFixture.AIRFLOW_IMAGE, BootFixture.POSTGRES_IMAGE, null));

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.PIPELINE)));

        assertEquals(0, result.exitCode(), result.output());
        assertFalse(composeEnv().stream().anyMatch(line -> line.startsWith("COMPOSE_PROFILES=")), composeEnv().toString());
    }

    @Test
    void aRejectedBackupAlertsAndAirflowStartsFromAnEmptyDatabase() throws IOException {
        fixture.put(BootFixture.ARTIFACTS, "backups/pipeline/airflow-metadata.tar", "forged".getBytes(StandardCharsets.UTF_8));
        sandbox.write("restore-rejects", "objects Airflow's schema never has: FUNCTION public run_it()");

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.PIPELINE)));

        assertEquals(0, result.exitCode(), "a bad backup never keeps Airflow from starting: " + result.output());
        List<String> calls = sandbox.calls();
        String compose = "docker compose -f " + sandbox.onInstance("/opt/sparkflow/current/airflow/docker-compose.yml");
        assertInOrder(calls, compose + " exec -T postgres bash /opt/sparkflow/postgres/sparkflow-metadata restore",
                compose + " up --pull never --no-build -d --wait --wait-timeout 1800");
        assertTrue(calls.stream().noneMatch(c -> c.contains(" run ")), "nothing restored to migrate");
        assertFalse(calls.contains("systemctl poweroff"), calls.toString());
        List<String> alerts = alerts();
        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(alerts.get(0).contains("SparkFlow test/pipeline: metadata backup rejected"), alerts.get(0));
        assertTrue(alerts.get(0).contains("FUNCTION public run_it()") && alerts.get(0).contains("empty database"),
                alerts.get(0));
    }

    @Test
    void aRestoredSchemaThatDoesNotMigrateIsDroppedWithAnAlert() throws IOException {
        fixture.put(BootFixture.ARTIFACTS, "backups/pipeline/airflow-metadata.tar", "newer".getBytes(StandardCharsets.UTF_8));
        sandbox.write("migrate-fails", "");

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.PIPELINE)));

        assertEquals(0, result.exitCode(), result.output());
        String compose = "docker compose -f " + sandbox.onInstance("/opt/sparkflow/current/airflow/docker-compose.yml");
        assertInOrder(sandbox.calls(), compose + " run --pull never --rm airflow-init",
                compose + " exec -T postgres bash /opt/sparkflow/postgres/sparkflow-metadata reset",
                compose + " up --pull never --no-build -d --wait --wait-timeout 1800");
        List<String> alerts = alerts();
        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(alerts.get(0).contains("restored metadata does not migrate"), alerts.get(0));
    }

    @Test
    void aBundleNamedInTheRequestIsBootedAndHostileValuesStayInert() throws IOException {
        String hostileKey = "bundles/$(touch pwned-key)/x';touch pwned-quote;'`touch pwned-tick`.zip";
        fixture.put(BootFixture.ARTIFACTS, hostileKey, fixture.bundle);
        UserData.Bundle bundle = new UserData.Bundle(BootFixture.ARTIFACTS, hostileKey, BootFixture.sha256(fixture.bundle),
                "pr-42");
        UserData.AirflowEnv airflow = new UserData.AirflowEnv(BootFixture.AIRFLOW.remoteLogFolder(),
                BootFixture.AIRFLOW.athenaStagingDir(), BootFixture.AIRFLOW.athenaDataDir(), "'; rm -rf / #$(reboot)");
        UserData.Settings base = BootFixture.settings(Profile.PIPELINE);
        UserData.Settings hostile = new UserData.Settings(base.region(), base.envName(), base.profile(),
                base.artifactsBucket(), base.lakeBucket(), "landing/$(touch pwned-prefix)/", airflow, bundle,
                base.idleMinutes(), base.maxLifetimeHours(), base.airflowPort(), null, null);

        UserDataSandbox.Result result = sandbox.boot(UserData.render(hostile));

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(Files.isDirectory(sandbox.onInstance("/opt/sparkflow/pr-42/airflow")), "the request's bundle is used");
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("pwned")).toList());
        }
        assertTrue(composeEnv().contains("SPARKFLOW_ATHENA_WORK_GROUP='; rm -rf / #$(reboot)"), composeEnv().toString());
        Path conf = sandbox.onInstance("/etc/sparkflow/watchdog.conf");
        UserDataSandbox.Result sourced = sandbox.run(sandbox.write("read-conf.sh",
                "source \"$1\"; printf '%s' \"$landing_prefix\""), Map.of(), conf.toString());
        assertEquals("landing/$(touch pwned-prefix)/", sourced.output());
    }

    static Stream<Arguments> bundlesWhoseImagesTheInstanceRefuses() {
        String digest = "@sha256:" + "ab".repeat(32);
        String airflow = BootFixture.AIRFLOW_IMAGE;
        String postgres = BootFixture.POSTGRES_IMAGE;
        return Stream.of(
                Arguments.of("no image reference (a local build)", BootFixture.imagesJson(null, null)),
                Arguments.of("no image object at all", "null"),
                Arguments.of("only the Airflow image", BootFixture.imagesJson(airflow, null)),
                Arguments.of("a Docker Hub image", BootFixture.imagesJson(airflow, "docker.io/library/postgres:16.10-bookworm")),
                Arguments.of("a Docker Hub image by digest", BootFixture.imagesJson("apache/airflow" + digest, postgres)),
                Arguments.of("a tag instead of a digest",
                        BootFixture.imagesJson(BootFixture.REGISTRY + "/sparkflow-test-airflow:latest", postgres)),
                Arguments.of("a tag and a digest",
                        BootFixture.imagesJson(BootFixture.REGISTRY + "/sparkflow-test-airflow:latest" + digest, postgres)),
                Arguments.of("a short digest", BootFixture.imagesJson(airflow.substring(0, airflow.length() - 1), postgres)),
                Arguments.of("another account's registry",
                        BootFixture.imagesJson(airflow.replace("123456789012", "210987654321"), postgres)),
                Arguments.of("another region's registry", BootFixture.imagesJson(airflow, postgres.replace("us-east-1", "eu-west-1"))),
                Arguments.of("another environment's repository", BootFixture.imagesJson(airflow.replace("-test-", "-prod-"), postgres)),
                Arguments.of("the images swapped", BootFixture.imagesJson(postgres, airflow)),
                Arguments.of("a registry look-alike",
                        BootFixture.imagesJson(airflow.replace(".amazonaws.com/", ".amazonaws.com.evil.example/"), postgres)),
                Arguments.of("a trailing command", BootFixture.imagesJson(airflow + " $(touch pwned)", postgres)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundlesWhoseImagesTheInstanceRefuses")
    void aBundleWhoseImagesAreNotThisAccountsEcrByDigestStartsNothingAndPowersOff(String why, String imageJson)
            throws IOException {
        fixture.deployBundleWithImages(imageJson);

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.PIPELINE)));

        List<String> calls = sandbox.calls();
        assertAll(
                () -> assertNotEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().contains("nothing was started"), result.output()),
                () -> assertEquals("systemctl poweroff", calls.get(calls.size() - 1), calls.toString()),
                () -> assertTrue(calls.stream().noneMatch(c -> c.startsWith("docker") || c.startsWith("dnf")), calls.toString()),
                () -> assertFalse(Files.exists(sandbox.onInstance("/run/sparkflow/secrets")), "no secrets written"),
                () -> assertFalse(Files.exists(dir.resolve("pwned")), "the reference stays inert"));
    }

    @Test
    void composeNamingAnImageOtherThanTheBundlesStopsTheBootBeforeAnythingStarts() throws IOException {
        Files.writeString(dir.resolve("compose-images"), BootFixture.AIRFLOW_IMAGE + "\n" + BootFixture.POSTGRES_IMAGE
                + "\nredis:7\n");

        UserDataSandbox.Result result = sandbox.boot(UserData.render(BootFixture.settings(Profile.PIPELINE)));

        List<String> calls = sandbox.calls();
        assertAll(
                () -> assertNotEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().contains("Compose names other images than the bundle's"), result.output()),
                () -> assertTrue(calls.stream().noneMatch(c -> c.contains(" up ")), calls.toString()),
                () -> assertEquals("systemctl poweroff", calls.get(calls.size() - 1), calls.toString()));
    }

    /** What reached the alerts topic: each SNS envelope (subject and message) as its SQS subscriber received it. */
    private List<String> alerts() throws IOException {
        String bodies = fixture.sqs("receive-message", "--queue-url", fixture.alertsQueueUrl, "--max-number-of-messages",
                "10", "--query", "Messages[].Body", "--output", "json");
        JsonNode parsed = new ObjectMapper().readTree(bodies);
        List<String> alerts = new ArrayList<>();
        parsed.forEach(body -> alerts.add(body.asText()));
        return alerts;
    }

    private List<String> composeEnv() throws IOException {
        return Files.readAllLines(dir.resolve("compose-env"));
    }

    private static void assertInOrder(List<String> calls, String... expected) {
        int from = 0;
        for (String call : expected) {
            int at = calls.subList(from, calls.size()).indexOf(call);
            assertTrue(at >= 0, "expected '" + call + "' after position " + from + " in " + calls);
            from += at + 1;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static String resource(String name) throws IOException {
        try (var in = UserData.class.getClassLoader().getResourceAsStream("userdata/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
