package dev.sparkflow.launcher.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.LaunchRequest;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.io.Ec2Instances;
import dev.sparkflow.launcher.io.EmrClusters;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.io.LiveInstance;
import dev.sparkflow.launcher.io.SshIngress;
import dev.sparkflow.launcher.io.Tags;
import dev.sparkflow.launcher.model.RequestException;
import dev.sparkflow.launcher.service.JanitorRules;
import dev.sparkflow.launcher.service.JanitorService;
import dev.sparkflow.launcher.service.LaunchService;
import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Hundreds of pipeline lifecycles against moto, each drop → launch → run → idle → stop, with faults injected from a
 * seeded random: a terminate and a launch meeting a launch in flight, an EMR step failing, the backup upload failing, the instance killed
 * mid-run, a launcher invocation timing out after starting its instance. The launcher and the janitor are the real
 * classes; what runs on the instance (the DAG, the watchdog) is played by this test. After every cycle nothing of
 * ours may still run, and every landed file must be processed or still in landing.
 *
 * <p>Prints one line: {@code lifecycles=N faults=F leaked_instances=0 leaked_clusters=0 lost_files=0}.
 */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LifecycleSimulationIT {
    private static final int LIFECYCLES = 200;
    private static final long SEED = 14;
    private static final String LAKE = "sparkflow-lake-test";
    private static final String ARTIFACTS = "sparkflow-artifacts-test";
    private static final String LANDING = "landing/";
    private static final String PROCESSED = "processed/";
    private static final String PIPELINE = Profile.PIPELINE.wireName();
    /**
     * Moto keeps every terminated instance and its filtered DescribeInstances walks them all, so a cycle gets slower
     * with each one before it; every this many lifecycles (nothing of ours is running then, that was just checked) the
     * emulator is reset, and the files still in landing are carried into the new one.
     */
    private static final int EPOCH = 25;

    /** What can go wrong in one lifecycle (NONE: nothing). */
    enum Fault { NONE, RACE, STEP_FAILURE, BACKUP_FAILURE, KILLED_MID_RUN, LAMBDA_TIMEOUT }

    private final LauncherFixture fixture;
    private final S3Client s3;
    private final MotoServer moto;

    LifecycleSimulationIT(MotoServer moto) {
        this.moto = moto;
        fixture = new LauncherFixture(moto);
        s3 = moto.s3();
    }

    /** A clock the simulation moves: every reading advances it a millisecond, so a wait always ends. */
    private static final class SimClock extends Clock {
        private final AtomicLong millis;

        SimClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private SimClock clock;
    private LaunchLock lock;
    private Ec2Instances ec2;
    private LauncherConfig config;
    private Random random;
    private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    private final Set<String> dropped = new HashSet<>();
    private int leakedInstances;
    private int leakedClusters;
    private int lostFiles;
    private int fileCounter;

    /** A launcher as one Lambda execution environment builds it. */
    private LaunchService launcher() {
        return new LaunchService(config, ec2, lock, new SshIngress(fixture.ec2), clock, Duration.ofMillis(1));
    }

    /** The janitor's schedule fires {@code later} after now. */
    private JanitorService.Sweep sweep(Duration later) {
        Clock at = Clock.offset(clock, later);
        return new JanitorService(ec2, new EmrClusters(fixture.emr), new JanitorRules(config.maxLifetime(), config.emrIdle()),
                new SshIngress(fixture.ec2), null, at).sweep();
    }

    @Test
    void two_hundred_faulty_lifecycles_leave_no_instance_no_cluster_and_no_lost_file() throws Exception {
        createInfrastructure();
        clock = new SimClock(Instant.now());
        lock = new LaunchLock(fixture.dynamo, LauncherFixture.TABLE);
        ec2 = new Ec2Instances(fixture.ec2);
        config = LauncherConfig.fromEnvironment(LauncherFixture.environment());
        random = new Random(SEED);

        for (int cycle = 0; cycle < LIFECYCLES; cycle++) {
            Fault fault = random.nextInt(3) == 0 ? Fault.values()[1 + random.nextInt(Fault.values().length - 1)] : Fault.NONE;
            faults.merge(fault, 1, Integer::sum);
            lifecycle(cycle, fault);
            if ((cycle + 1) % EPOCH == 0) {
                newEpoch();
            }
        }
        lostFiles += lostFiles();
        int faultCount = faults.entrySet().stream().filter(e -> e.getKey() != Fault.NONE).mapToInt(Map.Entry::getValue).sum();
        String line = "lifecycles=" + LIFECYCLES + " faults=" + faultCount + " leaked_instances=" + leakedInstances
                + " leaked_clusters=" + leakedClusters + " lost_files=" + lostFiles;
        System.out.println(line);

        assertTrue(Fault.values().length - 1 == faults.keySet().stream().filter(f -> f != Fault.NONE).count(),
                "every kind of fault was injected: " + faults);
        assertEquals(0, leakedInstances, line);
        assertEquals(0, leakedClusters, line);
        assertEquals(0, lostFiles, line);
    }

    private void createInfrastructure() {
        fixture.withInfrastructure();
        s3.createBucket(r -> r.bucket(LAKE));
        s3.createBucket(r -> r.bucket(ARTIFACTS));
    }

    /** Counts the files lost so far, then starts a fresh emulator holding only what still waits in landing. */
    private void newEpoch() {
        lostFiles += lostFiles();
        List<String> waiting = landing();
        moto.reset();
        createInfrastructure();
        dropped.clear();
        for (String key : waiting) {
            s3.putObject(r -> r.bucket(LAKE).key(key), RequestBody.fromString("date,amount\n2026-11-21,1.00\n"));
            dropped.add(key);
        }
    }

    private void lifecycle(int cycle, Fault fault) throws Exception {
        // Drop: a few files land.
        int files = 1 + random.nextInt(3);
        for (int i = 0; i < files; i++) {
            String key = LANDING + "cycle-" + cycle + "/statement-" + (fileCounter++) + ".csv";
            s3.putObject(r -> r.bucket(LAKE).key(key), RequestBody.fromString("date,amount\n2026-11-21,1.00\n"));
            dropped.add(key);
        }

        // Launch: the landing event asks for the pipeline instance.
        if (fault == Fault.LAMBDA_TIMEOUT) {
            launchThatTimesOut();
        } else if (fault == Fault.RACE) {
            raceLaunchesAndTerminate();
        }
        LiveInstance instance = launchOne();

        // Run: the DAG starts a cluster, runs the step, moves what it processed, ends the cluster.
        String cluster = fixture.emr.runJobFlow(r -> r.name("sparkflow-batch-" + cycle).releaseLabel("emr-7.13.0")
                .instances(i -> i.instanceCount(1).masterInstanceType("m5.xlarge").keepJobFlowAliveWhenNoSteps(true))
                .jobFlowRole("EMR_EC2_DefaultRole").serviceRole("EMR_DefaultRole")
                .tags(t -> t.key(Tags.EMR_COMPONENT).value(Tags.EMR_BATCH),
                        t -> t.key(Tags.EMR_EXPIRES_AT).value(clock.instant().plus(Duration.ofMinutes(90)).toString())))
                .jobFlowId();
        List<String> landed = landing();
        if (fault == Fault.KILLED_MID_RUN) {
            // A spot interruption part way through: some files moved, the cluster left behind for the janitor.
            processAll(landed.subList(0, random.nextInt(landed.size() + 1)));
            fixture.ec2.terminateInstances(r -> r.instanceIds(instance.instanceId()));
        } else {
            if (fault != Fault.STEP_FAILURE) {
                processAll(landed);
            } // A failed step moves nothing; its files wait in landing for the next run.
            fixture.emr.terminateJobFlows(r -> r.jobFlowIds(cluster));

            // Idle, then stop: the watchdog backs up and only then powers off; a failed upload is retried a minute later.
            if (fault == Fault.BACKUP_FAILURE) {
                try {
                    backup("sparkflow-artifacts-unreachable", cycle);
                    throw new AssertionError("the injected backup failure did not fail");
                } catch (NoSuchBucketException e) {
                    clock.advance(Duration.ofMinutes(1));
                }
            }
            backup(ARTIFACTS, cycle);
            fixture.ec2.terminateInstances(r -> r.instanceIds(instance.instanceId()));
        }

        // The janitor's next run; after it nothing of ours may be left.
        sweep(Duration.ofHours(2));
        leakedInstances += (int) ec2.managed().stream()
                .filter(i -> "pending".equals(i.state()) || "running".equals(i.state())).count();
        leakedClusters += new EmrClusters(fixture.emr).live().size();
    }

    private void backup(String bucket, int cycle) {
        s3.putObject(r -> r.bucket(bucket).key("backups/" + PIPELINE + "/airflow-metadata.tar"),
                RequestBody.fromString("PGDMP cycle " + cycle));
    }

    /** The launch the landing event makes; exactly one instance of the profile may then be alive. */
    private LiveInstance launchOne() {
        String id = launcher().launch(new LaunchRequest(Action.LAUNCH, Profile.PIPELINE), clock.instant().plusSeconds(60))
                .instanceId();
        List<LiveInstance> alive = ec2.aliveForProfile(PIPELINE);
        if (alive.size() > 1) {
            // The janitor would end the older ones: count them as leaked all the same, the invariant broke.
            leakedInstances += alive.size() - 1;
            sweep(Duration.ZERO);
        }
        return ec2.find(id).orElseThrow();
    }

    /**
     * A launcher invocation took the lock and started an instance, then Lambda ended it before it recorded the
     * instance. A retry within the lease answers "in progress" by its own deadline; one after the lease adopts the
     * instance instead of starting a second.
     */
    private void launchThatTimesOut() {
        Instant now = clock.instant();
        String owner = "timed-out-" + now.toEpochMilli();
        freeEndedRow();
        assertTrue(lock.tryAcquire(PIPELINE, owner, now, now.plus(Duration.ofMinutes(2))));
        ec2.run(new Ec2Instances.LaunchSpec(LauncherFixture.TEMPLATE, PIPELINE, now.plus(config.maxLifetime()), "sim", false,
                owner, ""));
        try {
            launcher().launch(new LaunchRequest(Action.LAUNCH, Profile.PIPELINE), clock.instant().plusMillis(50));
            throw new AssertionError("a launch met a held lock and did not wait");
        } catch (RequestException e) {
            assertEquals(ErrorCode.LAUNCH_IN_PROGRESS, e.code());
        }
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    }

    /**
     * An operator's terminate and a second landing event arrive while a launch is between RunInstances and recording
     * its instance (the launch is played here, so the window is hit every time). The terminate must end that
     * instance: one still alive after the terminate answered is counted as leaked.
     */
    private void raceLaunchesAndTerminate() throws Exception {
        Instant now = clock.instant();
        String owner = "racing-" + now.toEpochMilli();
        freeEndedRow();
        assertTrue(lock.tryAcquire(PIPELINE, owner, now, now.plus(Duration.ofMinutes(2))));
        Instant answerBy = clock.instant().plusSeconds(60);
        CompletableFuture<?> terminate = CompletableFuture.runAsync(
                () -> launcher().handle(new LaunchRequest(Action.TERMINATE, Profile.PIPELINE), answerBy));
        CompletableFuture<?> launch = CompletableFuture.runAsync(
                () -> launcher().handle(new LaunchRequest(Action.LAUNCH, Profile.PIPELINE), answerBy));
        Thread.sleep(20); // Both calls are now at the lock.

        Instant deadline = clock.instant().plus(config.maxLifetime());
        LiveInstance started = ec2.run(new Ec2Instances.LaunchSpec(LauncherFixture.TEMPLATE, PIPELINE, deadline, "sim", false,
                owner, ""));
        try {
            lock.recordInstance(PIPELINE, owner, started.instanceId(), deadline);
        } catch (ConditionalCheckFailedException e) {
            lock.release(PIPELINE, new LaunchLock.Holder(owner, null, null)); // What LaunchService does on a failure.
        }
        terminate.get(60, TimeUnit.SECONDS);
        launch.get(60, TimeUnit.SECONDS);
        if (ec2.find(started.instanceId()).filter(LiveInstance::alive).isPresent()) {
            leakedInstances++;
            fixture.ec2.terminateInstances(r -> r.instanceIds(started.instanceId()));
        }
    }

    /** As every launch does first: a row whose instance ended is freed. */
    private void freeEndedRow() {
        lock.read(PIPELINE).filter(h -> h.instanceId() != null && ec2.find(h.instanceId()).filter(LiveInstance::alive).isEmpty())
                .ifPresent(h -> lock.release(PIPELINE, h));
    }

    private List<String> landing() {
        return keysUnder(LANDING);
    }

    private List<String> keysUnder(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(LAKE).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    /** Copies each file to processed/ and only then deletes it from landing. */
    private void processAll(List<String> keys) {
        for (String key : keys) {
            String target = PROCESSED + key.substring(LANDING.length());
            s3.copyObject(r -> r.sourceBucket(LAKE).sourceKey(key).destinationBucket(LAKE).destinationKey(target));
            s3.deleteObject(r -> r.bucket(LAKE).key(key));
        }
    }

    /** Landed files that are neither processed nor still in landing. */
    private int lostFiles() {
        Set<String> present = new HashSet<>(landing());
        keysUnder(PROCESSED).forEach(key -> present.add(LANDING + key.substring(PROCESSED.length())));
        return (int) dropped.stream().filter(key -> !present.contains(key)).count();
    }
}
