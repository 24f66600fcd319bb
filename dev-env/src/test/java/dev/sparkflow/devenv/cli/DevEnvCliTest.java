package dev.sparkflow.devenv.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.devenv.aws.AwsClients;
import dev.sparkflow.devenv.service.Reachability;
import dev.sparkflow.devenv.sshconfig.SshConfigFile;
import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.LaunchRequest;
import dev.sparkflow.launcher.api.LauncherJson;
import dev.sparkflow.launcher.api.LauncherResponse;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.ec2.model.Instance;

/** The CLI end to end against moto: the launcher function invoked for real (answers queued), EC2 polled for real. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DevEnvCliTest {
    private static final String USER_CONFIG = "Include config.d/*\r\n\r\nHost github.com\r\n    User git\r\n\r\nHost *\r\n    User me";
    private static final Reachability NEVER = (host, port, timeout) -> false;

    private final MotoServer moto;
    private MotoLauncher launcher;

    @TempDir
    Path home;

    DevEnvCliTest(MotoServer moto) {
        this.moto = moto;
    }

    @BeforeAll
    static void credentialsForTheDefaultChain() {
        // The CLI builds its clients the production way; the SDK's default chain reads these first.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void launcherFunction() {
        launcher = new MotoLauncher(moto).withFunction();
    }

    @Test
    void up_over_ssm_invokes_the_launcher_waits_for_running_and_writes_the_block() throws IOException {
        Instance instance = launcher.runInstance();
        launcher.answer(MotoLauncher.launched(instance, false));
        writeUserConfig();

        Run up = cli(NEVER, "up", "--ssm", "--poll", "PT0.2S", "--timeout", "PT30S");

        assertEquals(0, up.code(), up.toString());
        String config = config();
        assertTrue(config.startsWith("# >>> sparkflow-dev (managed by sparkflow dev-env) >>>\r\n"), config);
        assertTrue(config.endsWith("# <<< sparkflow-dev <<<\r\n" + USER_CONFIG), config);
        assertTrue(config.contains("Host sparkflow-dev\r\n    HostName " + instance.instanceId() + "\r\n    User ec2-user\r\n"), config);
        assertTrue(config.contains("    IdentityFile " + ssh().resolve("sparkflow-dev_ed25519") + "\r\n"), config);
        assertTrue(config.contains("    ProxyCommand sh -c \"aws ssm start-session --target %h"), config);
        // Airflow's UI and the dashboards, through the same tunnel.
        assertTrue(config.contains("    LocalForward 8080 127.0.0.1:8080\r\n    LocalForward 8088 127.0.0.1:8088\r\n"), config);
        assertTrue(up.out().contains("Dashboards while connected: http://localhost:8088"), up.out());
        assertTrue(up.out().contains("Started instance " + instance.instanceId()), up.out());
        assertTrue(up.out().contains("code --remote ssh-remote+sparkflow-dev /home/ec2-user/sparkflow"), up.out());
        assertTrue(Files.exists(ssh().resolve("config" + SshConfigFile.BACKUP_SUFFIX)));
    }

    @Test
    void up_probes_ssh_on_the_instance_address_until_it_answers_and_shows_progress() throws IOException {
        Instance instance = launcher.runInstance();
        String address = address(launcher.describe(instance.instanceId()));
        launcher.answer(MotoLauncher.launched(instance, true));
        List<String> probes = new ArrayList<>();
        Reachability thirdTime = (host, port, timeout) -> {
            probes.add(host + ":" + port);
            return probes.size() >= 3;
        };

        Run up = cli(thirdTime, "up", "--poll", "PT0.1S", "--timeout", "PT30S");

        assertEquals(0, up.code(), up.toString());
        assertEquals(List.of(address + ":22", address + ":22", address + ":22"), probes);
        assertTrue(up.out().contains("Reusing instance " + instance.instanceId()), up.out());
        assertTrue(up.out().contains("waiting for SSH on " + address + ":22"), up.out());
        assertTrue(up.out().contains("SSH answers on " + address + ":22"), up.out());
        assertTrue(config().contains("    HostName " + address + "\n"), config());
        assertFalse(config().contains("ProxyCommand"), config());
    }

    @Test
    void the_launch_request_names_the_dev_profile_the_new_public_key_and_the_callers_cidr() throws IOException {
        // Nothing queued: moto's Docker-free Lambda answers with the request itself, which is not a launcher answer.
        Run up = cli(NEVER, "up", "--my-cidr", "203.0.113.7/32");

        assertEquals(3, up.code(), up.toString());
        String echoed = up.err().substring(up.err().indexOf('{'), up.err().lastIndexOf('}') + 1);
        String publicKey = Files.readString(ssh().resolve("sparkflow-dev_ed25519.pub")).strip();
        assertEquals(LauncherJson.toMap(new LaunchRequest(Action.LAUNCH, Profile.DEV, publicKey, "203.0.113.7/32", null)),
                LauncherJson.readMap(echoed.getBytes(StandardCharsets.UTF_8)));
        assertTrue(up.err().contains("no boolean 'ok' field"), up.err());
    }

    @Test
    void a_refusal_from_the_launcher_is_shown_with_its_code_and_leaves_the_ssh_config_alone() throws IOException {
        launcher.answer(LauncherResponse.refused(ErrorCode.BUNDLE_NOT_PUBLISHED,
                "no bundle has been published to /sparkflow/prod/bundle/current"));
        byte[] before = writeUserConfig();

        Run up = cli(NEVER, "up");

        assertEquals(3, up.code(), up.toString());
        assertTrue(up.err().contains("error: the launcher refused the launch request: bundle_not_published: no bundle has been"
                + " published to /sparkflow/prod/bundle/current"), up.err());
        assertArrayEquals(before, Files.readAllBytes(ssh().resolve("config")));
    }

    @Test
    void up_gives_up_with_a_clear_message_when_ssh_never_answers() throws IOException {
        Instance instance = launcher.runInstance();
        launcher.answer(MotoLauncher.launched(instance, false));
        byte[] before = writeUserConfig();

        Run up = cli(NEVER, "up", "--poll", "PT0.2S", "--timeout", "PT1S");

        assertEquals(5, up.code(), up.toString());
        assertTrue(up.err().contains("gave up after 1s: instance " + instance.instanceId() + " is running, waiting for SSH"),
                up.err());
        assertTrue(up.err().contains("`down` ends it"), up.err());
        assertArrayEquals(before, Files.readAllBytes(ssh().resolve("config")));
    }

    @Test
    void up_stops_waiting_when_the_instance_has_been_terminated() {
        Instance instance = launcher.runInstance();
        launcher.ec2.terminateInstances(r -> r.instanceIds(instance.instanceId()));
        launcher.answer(MotoLauncher.launched(instance, true));

        Run up = cli(NEVER, "up", "--poll", "PT0.1S", "--timeout", "PT30S");

        assertEquals(6, up.code(), up.toString());
        assertTrue(up.err().contains("instance " + instance.instanceId() + " is terminated; run `up` again"), up.err());
        assertFalse(Files.exists(ssh().resolve("config")));
    }

    @Test
    void an_unsafe_ssh_config_stops_up_before_anything_is_launched_and_stays_byte_identical() throws IOException {
        Files.createDirectories(ssh());
        byte[] handWritten = "Host sparkflow-dev\n  HostName 192.0.2.1\n".getBytes(StandardCharsets.UTF_8);
        Files.write(ssh().resolve("config"), handWritten);

        Run up = cli(NEVER, "up", "--ssm", "--poll", "PT0.1S");

        assertEquals(4, up.code(), up.toString());
        assertTrue(up.err().contains("line 1: a hand-written 'Host sparkflow-dev' entry"), up.err());
        assertFalse(up.out().contains("Asking the launcher"), up.out());
        assertArrayEquals(handWritten, Files.readAllBytes(ssh().resolve("config")));
    }

    @Test
    void a_second_up_reuses_the_key_pair_and_rewrites_nothing() throws IOException {
        Instance instance = launcher.runInstance();
        launcher.answer(MotoLauncher.launched(instance, false), MotoLauncher.launched(instance, true));
        assertEquals(0, cli(NEVER, "up", "--ssm", "--poll", "PT0.1S").code());
        String key = Files.readString(ssh().resolve("sparkflow-dev_ed25519"));
        String config = config();

        Run again = cli(NEVER, "up", "--ssm", "--poll", "PT0.1S");

        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("Using key pair"), again.out());
        assertTrue(again.out().contains("Kept Host sparkflow-dev"), again.out());
        assertEquals(key, Files.readString(ssh().resolve("sparkflow-dev_ed25519")));
        assertEquals(config, config());
    }

    @Test
    void down_terminates_through_the_launcher_and_removes_only_the_managed_block() throws IOException {
        Instance instance = launcher.runInstance();
        byte[] user = writeUserConfig();
        launcher.answer(MotoLauncher.launched(instance, false),
                MotoLauncher.launched(instance, "shutting-down", false));
        assertEquals(0, cli(NEVER, "up", "--ssm", "--poll", "PT0.1S").code());
        Files.writeString(ssh().resolve("sparkflow-dev_known_hosts"), "i-x ssh-ed25519 AAAA\n");

        Run down = cli(NEVER, "down");

        assertEquals(0, down.code(), down.toString());
        assertTrue(down.out().contains("Terminating instance " + instance.instanceId()), down.out());
        assertArrayEquals(user, Files.readAllBytes(ssh().resolve("config")));
        assertFalse(Files.exists(ssh().resolve("sparkflow-dev_known_hosts")));
    }

    @Test
    void status_prints_the_launchers_view_and_its_json() throws IOException {
        Instance instance = launcher.runInstance();
        launcher.answer(MotoLauncher.launched(instance, true), MotoLauncher.launched(instance, true));

        Run status = cli(NEVER, "status");
        Run json = cli(NEVER, "status", "--json");

        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("instance     " + instance.instanceId()), status.out());
        assertTrue(status.out().contains("deadline     2026-11-21T18:00:00Z"), status.out());
        assertTrue(status.out().contains("airflow      http://localhost:8080"), status.out());
        assertEquals(0, json.code(), json.toString());
        assertEquals(MotoLauncher.launched(instance, true),
                LauncherJson.readResponse(json.out().getBytes(StandardCharsets.UTF_8)), "the launcher's own JSON");
    }

    @Test
    void status_without_an_instance_says_so() {
        launcher.answer(MotoLauncher.none());

        Run status = cli(NEVER, "status");

        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("No dev instance is running"), status.out());
    }

    @Test
    void ssh_config_writes_the_block_for_the_current_instance_and_forgets_the_old_host_key() throws IOException {
        Instance old = launcher.runInstance();
        Instance current = launcher.runInstance();
        launcher.answer(MotoLauncher.launched(old, false), MotoLauncher.launched(current, true));
        assertEquals(0, cli(NEVER, "up", "--ssm", "--poll", "PT0.1S").code());
        Files.writeString(ssh().resolve("sparkflow-dev_known_hosts"), "old-host ssh-ed25519 AAAA\n");

        Run sshConfig = cli(NEVER, "ssh-config");

        assertEquals(0, sshConfig.code(), sshConfig.toString());
        assertTrue(config().contains("# instance: " + current.instanceId() + "\n"), config());
        assertTrue(config().contains("    HostName " + address(launcher.describe(current.instanceId())) + "\n"), config());
        assertFalse(Files.exists(ssh().resolve("sparkflow-dev_known_hosts")), "a new instance has a new host key");
    }

    @Test
    void ssh_config_without_an_instance_fails_with_exit_code_6() {
        launcher.answer(MotoLauncher.none());

        Run sshConfig = cli(NEVER, "ssh-config");

        assertEquals(6, sshConfig.code(), sshConfig.toString());
        assertTrue(sshConfig.err().contains("there is no dev instance; start one with `up`"), sshConfig.err());
    }

    @Test
    void global_options_may_also_follow_the_command() {
        launcher.answer(MotoLauncher.none());

        Run status = cliRaw(NEVER, "status", "--endpoint-url", moto.endpoint().toString(), "--region", moto.region().id(),
                "--function", MotoLauncher.FUNCTION, "--ssh-dir", ssh().toString());

        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("No dev instance is running"), status.out());
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        Run up = cli(NEVER, "up", "--no-such-option");

        assertEquals(2, up.code(), up.toString());
        assertTrue(up.err().contains("Unknown option: '--no-such-option'"), up.err());
    }

    private Path ssh() {
        return home.resolve(".ssh");
    }

    private String config() throws IOException {
        return Files.readString(ssh().resolve("config"));
    }

    /** Writes the user's own config (CRLF, no final newline) and returns its bytes. */
    private byte[] writeUserConfig() throws IOException {
        Files.createDirectories(ssh());
        byte[] bytes = USER_CONFIG.getBytes(StandardCharsets.UTF_8);
        Files.write(ssh().resolve("config"), bytes);
        return bytes;
    }

    private static String address(Instance instance) {
        return instance.publicIpAddress() != null ? instance.publicIpAddress() : instance.privateIpAddress();
    }

    /** Runs the CLI as `sparkflow-dev --endpoint-url <moto> --region … --ssh-dir <temp> args…`. */
    private Run cli(Reachability reachability, String... args) {
        return cliRaw(reachability, Stream.concat(Stream.of("--endpoint-url", moto.endpoint().toString(), "--region",
                moto.region().id(), "--function", MotoLauncher.FUNCTION, "--ssh-dir", ssh().toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    /** Runs the CLI with exactly {@code full} as its arguments. */
    private Run cliRaw(Reachability reachability, String... full) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Main main = new Main(AwsClients::create, reachability, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            CommandLine line = main.commandLine();
            line.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
            int code = line.execute(full);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** A finished CLI run. */
    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }
}
