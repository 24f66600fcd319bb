package dev.sparkflow.launcher.service;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.model.Lake;
import dev.sparkflow.testing.LandedNames;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;

/** The idle watchdog: its pure decision from given states, then whole checks gathering state from moto and stand-ins. */
@WithMotoServer
class WatchdogTest {
    private static final long NOW = 1_800_000_000L;
    private static final String STATE = "/var/lib/sparkflow/idle-since";

    @TempDir
    Path dir;
    UserDataSandbox sandbox;
    MotoServer moto;
    Path watchdog;

    @BeforeEach
    void sandbox(MotoServer moto) throws IOException {
        this.moto = moto;
        sandbox = new UserDataSandbox(dir, moto);
        watchdog = sandbox.write("sparkflow-watchdog", BootScriptTest.resource("sparkflow-watchdog.sh"));
        moto.s3().createBucket(r -> r.bucket(BootFixture.ARTIFACTS));
        moto.s3().createBucket(r -> r.bucket(BootFixture.LAKE));
    }

    @ParameterizedTest(name = "idle {0} min, since {1}, deadline {2}, runs {3}, landing {4}, ssh {5} -> {6}")
    @CsvSource(nullValues = "none", value = {
            // first quiet minute starts the clock; quiet for less than N keeps waiting; N or more stops
            "30, none,   none,  0, 0, 0, idle-start",
            "30, 1740,   none,  0, 0, 0, idle",
            "30, 1800,   none,  0, 0, 0, stop-idle",
            "5,  300,    none,  0, 0, 0, stop-idle",
            // anything going on is busy however long it was quiet before
            "30, 7200,   none,  1, 0, 0, busy",
            "30, 7200,   none,  0, 2, 0, busy",
            "30, 7200,   none,  0, 0, 1, busy",
            // what could not be asked (Airflow down, S3 or ss failing) is busy, never idle
            "30, 7200,   none,  ?, 0, 0, busy",
            "30, 7200,   none,  0, ?, 0, busy",
            "30, 7200,   none,  0, 0, ?, busy",
            // a state file that is not a timestamp restarts the clock
            "30, garbage, none, 0, 0, 0, idle-start",
            // the lifetime ends the instance (10 minutes early, to back up) whatever else is going on
            "30, none,   601,   0, 0, 0, idle-start",
            "30, none,   600,   3, 1, 1, stop-lifetime",
            "30, none,   -60,   0, 0, 0, stop-lifetime",
    })
    void decidesFromTheGatheredState(int idleMinutes, String quietSeconds, String deadlineInSeconds, String runs,
                                     String landing, String ssh, String expected) {
        String since = quietSeconds == null ? "" : quietSeconds.matches("\\d+") ? Long.toString(NOW - Long.parseLong(quietSeconds)) : quietSeconds;
        String deadline = deadlineInSeconds == null ? "" : Long.toString(NOW + Long.parseLong(deadlineInSeconds));

        UserDataSandbox.Result result = sandbox.run(watchdog, Map.of(), "decide", Integer.toString(idleMinutes),
                Long.toString(NOW), since, deadline, runs, landing, ssh);

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(expected, result.output().strip());
    }

    @Test
    void whenAirflowCannotBeAskedTheInstanceCountsAsBusyAndTheIdleClockIsReset() throws IOException {
        configure("pipeline");
        idleSince(Instant.now().getEpochSecond() - 3600);
        sandbox.write("airflow-down", "");

        UserDataSandbox.Result result = check();

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("runs=? landing=0 ssh=0"), result.output());
        assertTrue(result.output().endsWith("-> busy\n"), result.output());
        assertFalse(Files.exists(sandbox.onInstance(STATE)));
        assertFalse(sandbox.calls().contains("systemctl poweroff"));
    }

    @Test
    void aFileInLandingKeepsItBusyWhileAFolderMarkerAloneDoesNot() throws IOException {
        configure("pipeline");
        sandbox.write("active-runs", "0\n");
        put(BootFixture.LAKE, "landing/", "");

        assertTrue(check().output().contains("runs=0 landing=0 ssh=0 idle_since=none -> idle-start"));
        assertTrue(Files.exists(sandbox.onInstance(STATE)));

        put(BootFixture.LAKE, "landing/transactions/bank.csv", "date,amount\n");
        UserDataSandbox.Result busy = check();

        assertTrue(busy.output().contains("landing=1 ssh=0"), busy.output());
        assertTrue(busy.output().endsWith("-> busy\n"), busy.output());
        assertFalse(Files.exists(sandbox.onInstance(STATE)));
    }

    @Test
    void objectsThatAreNotDataLeaveLandingIdleWhileEveryOtherFileIsWork() {
        configure("pipeline");
        sandbox.write("active-runs", "0\n");
        for (LandedNames.Example junk : LandedNames.ignored()) {
            put(BootFixture.LAKE, "landing/" + junk.path(), "junk");
        }

        UserDataSandbox.Result idle = check();

        assertTrue(idle.output().contains("runs=0 landing=0 ssh=0 idle_since=none -> idle-start"), idle.output());
        assertTrue(Files.exists(sandbox.onInstance(STATE)));

        List<LandedNames.Example> files = LandedNames.examples().stream().filter(e -> !e.ignored()).toList();
        for (LandedNames.Example file : files) {
            put(BootFixture.LAKE, "landing/" + file.path(), "date,amount\n");
        }
        UserDataSandbox.Result busy = check();

        assertTrue(busy.output().contains("landing=" + files.size() + " ssh=0"), "each file of the shared table counts: "
                + files + "\n" + busy.output());
        assertTrue(busy.output().endsWith("-> busy\n"), busy.output());
    }

    @Test
    void anSshSessionKeepsTheDevInstanceUpButIsIgnoredForThePipeline() {
        sandbox.write("active-runs", "0\n");
        sandbox.write("ssh-sessions", "ESTAB 0 0 10.0.0.5:22 10.0.0.9:50122\n");

        configure("dev");
        UserDataSandbox.Result dev = check();
        configure("pipeline");
        UserDataSandbox.Result pipeline = check();

        assertAll(
                () -> assertTrue(dev.output().contains("runs=0 landing=0 ssh=1") && dev.output().endsWith("-> busy\n"), dev.output()),
                () -> assertTrue(pipeline.output().endsWith("-> idle-start\n"), pipeline.output()),
                () -> assertEquals(1, sandbox.calls().stream().filter(c -> c.startsWith("ss ")).count(), "ss asked for dev only"));
    }

    @Test
    void idleLongEnoughBacksUpMetadataAndLogsToS3ThenPowersOff() throws IOException {
        configure("pipeline");
        sandbox.write("active-runs", "0\n");
        sandbox.write("airflow-logs/scheduler/latest.log", "scheduler says hi\n");
        Files.createDirectories(sandbox.onInstance("/var/log"));
        Files.writeString(sandbox.onInstance("/var/log/sparkflow-boot.log"), "boot complete\n");
        idleSince(Instant.now().getEpochSecond() - 31 * 60);

        UserDataSandbox.Result result = check();

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("-> stop-idle"), result.output());
        String logs = "backups/pipeline/logs/" + UserDataSandbox.INSTANCE_ID + "/";
        assertAll(
                () -> assertEquals("sandbox backup tar", object("backups/pipeline/airflow-metadata.tar")),
                () -> assertEquals("scheduler says hi\n", object(logs + "airflow/scheduler/latest.log")),
                () -> assertEquals("boot complete\n", object(logs + "sparkflow-boot.log")),
                () -> assertTrue(object(logs + "sparkflow-watchdog.log").contains("-> stop-idle")),
                () -> assertEquals("systemctl poweroff", last(sandbox.calls())));
    }

    @Test
    void aFailedBackupDoesNotPowerOffSoTheNextMinuteTriesAgain() throws IOException {
        configure("pipeline");
        sandbox.write("active-runs", "0\n");
        sandbox.write("airflow-logs/scheduler/latest.log", "x\n");
        moto.s3().deleteBucket(r -> r.bucket(BootFixture.ARTIFACTS));
        idleSince(Instant.now().getEpochSecond() - 31 * 60);

        UserDataSandbox.Result result = check();

        assertNotEquals(0, result.exitCode(), result.output());
        assertFalse(sandbox.calls().contains("systemctl poweroff"), sandbox.calls().toString());
        assertTrue(Files.exists(sandbox.onInstance(STATE)), "still idle: the next run retries the backup");
        try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), left.toList(), "the local dump is removed");
        }
    }

    private UserDataSandbox.Result check() {
        return sandbox.run(watchdog, Map.of(), "check");
    }

    /** What the boot writes: the watchdog's settings (ignored_files as the launcher renders it) and the compose wrapper. */
    private void configure(String profile) {
        sandbox.write("root/etc/sparkflow/watchdog.conf", String.join("\n",
                "region=us-east-1", "profile=" + profile, "idle_minutes=30", "lake_bucket=" + BootFixture.LAKE,
                "landing_prefix=landing/", "ignored_files=" + UserData.shellQuote(String.join(" ", Lake.LAYOUT.ignoredFiles())),
                "artifacts_bucket=" + BootFixture.ARTIFACTS,
                "instance_id=" + UserDataSandbox.INSTANCE_ID, "deadline_epoch=" + (Instant.now().getEpochSecond() + 3 * 3600), ""));
        Path wrapper = sandbox.write("root/usr/local/sbin/sparkflow-compose",
                "#!/bin/bash\nexec docker compose -f /opt/sparkflow/current/airflow/docker-compose.yml \"$@\"\n");
        assertTrue(wrapper.toFile().setExecutable(true));
    }

    private void idleSince(long epochSeconds) {
        sandbox.write("root" + STATE, epochSeconds + "\n");
    }

    private void put(String bucket, String key, String body) {
        moto.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    private String object(String key) {
        return moto.s3().getObjectAsBytes(r -> r.bucket(BootFixture.ARTIFACTS).key(key)).asString(StandardCharsets.UTF_8);
    }

    private static String last(List<String> calls) {
        return calls.isEmpty() ? "" : calls.get(calls.size() - 1);
    }
}
