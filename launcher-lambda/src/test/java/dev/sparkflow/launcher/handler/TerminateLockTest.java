package dev.sparkflow.launcher.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.InstanceView;
import dev.sparkflow.launcher.api.LaunchRequest;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.io.Ec2Instances;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.io.LiveInstance;
import dev.sparkflow.launcher.io.SshIngress;
import dev.sparkflow.launcher.model.RequestException;
import dev.sparkflow.launcher.service.LaunchService;
import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A terminate takes the same lock row as a launch, so it never frees the row under a launch still starting. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TerminateLockTest {
    private static final LaunchRequest TERMINATE = new LaunchRequest(Action.TERMINATE, Profile.PIPELINE);

    private final LauncherFixture fixture;
    private LaunchLock lock;
    private Ec2Instances ec2;
    private LaunchService service;

    TerminateLockTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @BeforeEach
    void createInfrastructure() {
        fixture.withInfrastructure();
        lock = new LaunchLock(fixture.dynamo, LauncherFixture.TABLE);
        ec2 = new Ec2Instances(fixture.ec2);
        service = new LaunchService(LauncherConfig.fromEnvironment(LauncherFixture.environment()), ec2, lock,
                new SshIngress(fixture.ec2), Clock.systemUTC(), Duration.ofMillis(20));
    }

    /** What a launcher holding the row does once RunInstances answered. */
    private LiveInstance startAsLauncher(String owner) {
        Instant deadline = Instant.now().plus(Duration.ofHours(6));
        LiveInstance started = ec2.run(new Ec2Instances.LaunchSpec(LauncherFixture.TEMPLATE, "pipeline", deadline, "test",
                false, owner, ""));
        lock.recordInstance("pipeline", owner, started.instanceId(), deadline);
        return started;
    }

    @Test
    void a_terminate_does_not_free_the_row_of_a_launch_still_starting_its_instance() {
        Instant now = Instant.now();
        assertTrue(lock.tryAcquire("pipeline", "launcher-a", now, now.plus(Duration.ofMinutes(2))));

        RequestException refused = assertThrows(RequestException.class,
                () -> service.handle(TERMINATE, Instant.now().plusMillis(300)));

        assertEquals(ErrorCode.LAUNCH_IN_PROGRESS, refused.code());
        assertEquals("launcher-a", lock.read("pipeline").orElseThrow().owner(), "the launch still holds its row");
    }

    @Test
    void a_terminate_waits_for_the_launch_in_flight_then_ends_its_instance_and_frees_the_row() throws Exception {
        Instant now = Instant.now();
        assertTrue(lock.tryAcquire("pipeline", "launcher-a", now, now.plus(Duration.ofMinutes(2))));
        CompletableFuture<InstanceView> terminate = CompletableFuture.supplyAsync(
                () -> service.handle(TERMINATE, Instant.now().plusSeconds(30)));
        Thread.sleep(200);

        LiveInstance started = startAsLauncher("launcher-a");
        InstanceView ended = terminate.get(30, TimeUnit.SECONDS);

        assertEquals(started.instanceId(), ended.instanceId());
        assertEquals(List.of(), fixture.aliveInstances("pipeline"));
        assertTrue(lock.read("pipeline").isEmpty(), "the row is free for the next launch");
    }

    @Test
    void a_launch_that_meets_a_terminate_holding_the_row_waits_and_then_starts_one_instance() {
        Instant now = Instant.now();
        assertTrue(lock.tryAcquire("pipeline", "launcher-a", now, now.plus(Duration.ofMinutes(2))));
        startAsLauncher("launcher-a");

        service.handle(TERMINATE, Instant.now().plusSeconds(30));
        InstanceView relaunched = service.handle(new LaunchRequest(Action.LAUNCH, Profile.PIPELINE), Instant.now().plusSeconds(30));

        assertEquals(false, relaunched.reused());
        assertEquals(List.of(relaunched.instanceId()), fixture.aliveInstances("pipeline").stream().map(i -> i.instanceId()).toList());
    }
}
