package dev.sparkflow.launcher.service;

import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.InstanceView;
import dev.sparkflow.launcher.api.LaunchRequest;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.io.Ec2Instances;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.io.LiveInstance;
import dev.sparkflow.launcher.io.SshIngress;
import dev.sparkflow.launcher.model.Lake;
import dev.sparkflow.launcher.model.RequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Launch, status and terminate for a profile, with at most one live instance per profile. */
public final class LaunchService {
    /** How long a launcher may hold the lock before its instance id is recorded (RunInstances takes seconds). */
    static final Duration LAUNCH_LEASE = Duration.ofMinutes(2);

    private final LauncherConfig config;
    private final Ec2Instances ec2;
    private final LaunchLock lock;
    private final SshIngress sshIngress;
    private final Clock clock;
    private final Duration pollInterval;

    public LaunchService(LauncherConfig config, Ec2Instances ec2, LaunchLock lock, SshIngress sshIngress, Clock clock,
                         Duration pollInterval) {
        this.config = config;
        this.ec2 = ec2;
        this.lock = lock;
        this.sshIngress = sshIngress;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** Carries out a validated request. */
    public InstanceView handle(LaunchRequest request) {
        return handle(request, null);
    }

    /**
     * Carries out a validated request, answering by {@code answerBy} (the invocation's own deadline, less a margin;
     * null for none): a launch waiting on another gives up then rather than be killed by the Lambda timeout.
     */
    public InstanceView handle(LaunchRequest request, Instant answerBy) {
        return switch (request.action()) {
            case LAUNCH -> launch(request, answerBy);
            case STATUS -> status(request.profile());
            case TERMINATE -> terminate(request.profile(), answerBy);
        };
    }

    /** Launches the profile with no dev options (what a landing event asks for). */
    public InstanceView launch(Profile profile) {
        return launch(new LaunchRequest(Action.LAUNCH, profile));
    }

    /** The profile's live instance, started only if there is none; a dev caller's CIDR is then allowed SSH. */
    public InstanceView launch(LaunchRequest request) {
        return launch(request, null);
    }

    /** As {@link #launch(LaunchRequest)}, giving up waiting on another launch at {@code answerBy} (null for none). */
    public InstanceView launch(LaunchRequest request, Instant answerBy) {
        if (request.callerCidr() != null && config.devSecurityGroup() == null) {
            throw new RequestException(ErrorCode.MISSING_CONFIGURATION, "'callerCidr' needs "
                    + LauncherConfig.DEV_SECURITY_GROUP + ", which is not set; connect through SSM instead");
        }
        InstanceView view = launchOrReuse(request, answerBy);
        if (request.callerCidr() == null) {
            return view;
        }
        sshIngress.allow(config.devSecurityGroup(), request.callerCidr(), view.deadline());
        return view.withSshAllowedFrom(request.callerCidr());
    }

    /** The profile's live instance, started only if there is none; concurrent callers get the same one. */
    private InstanceView launchOrReuse(LaunchRequest request, Instant answerBy) {
        Profile profile = request.profile();
        String name = profile.wireName();
        Instant giveUp = clock.instant().plus(LAUNCH_LEASE);
        if (answerBy != null && answerBy.isBefore(giveUp)) {
            giveUp = answerBy;
        }
        while (clock.instant().isBefore(giveUp)) {
            Optional<LaunchLock.Holder> holder = lock.read(name);
            if (holder.isPresent() && holder.get().instanceId() != null) {
                Optional<LiveInstance> recorded = ec2.find(holder.get().instanceId()).filter(LiveInstance::alive);
                if (recorded.isPresent()) {
                    return view(profile, recorded.get(), true);
                }
                // The recorded instance ended (idle shutdown, janitor): free the row for a new launch.
                lock.release(name, holder.get());
                continue;
            }
            if (holder.isPresent() && holder.get().leaseUntil().isAfter(clock.instant())) {
                pause(); // Another invocation is launching right now; its instance id appears shortly.
                continue;
            }
            String owner = UUID.randomUUID().toString();
            Instant now = clock.instant();
            if (lock.tryAcquire(name, owner, now, now.plus(LAUNCH_LEASE))) {
                return launchHoldingLock(request, owner);
            }
        }
        throw new RequestException(ErrorCode.LAUNCH_IN_PROGRESS,
                "another launch of '" + name + "' still holds the lock (its lease is " + LAUNCH_LEASE.toMinutes()
                        + " minutes); try again");
    }

    /** With the lock held: adopt an instance started outside the lock, else run a new one; record it either way. */
    private InstanceView launchHoldingLock(LaunchRequest request, String owner) {
        Profile profile = request.profile();
        String name = profile.wireName();
        try {
            List<LiveInstance> existing = ec2.aliveForProfile(name);
            if (!existing.isEmpty()) {
                LiveInstance adopted = existing.get(0);
                lock.recordInstance(name, owner, adopted.instanceId(), deadlineOf(adopted));
                return view(profile, adopted, true);
            }
            Instant deadline = clock.instant().plus(config.maxLifetime());
            String userData = userData(request, deadline);
            LiveInstance started = ec2.run(new Ec2Instances.LaunchSpec(config.launchTemplateFor(profile), name, deadline,
                    request.bundle() == null ? config.bundleVersion() : request.bundle().version(), config.spot(), owner,
                    userData));
            lock.recordInstance(name, owner, started.instanceId(), deadline);
            return view(profile, started, false);
        } catch (RuntimeException e) {
            // Free the row at once rather than after the lease; a launcher that then wins adopts any instance we
            // did start, because it looks for tagged live instances before running a new one.
            lock.release(name, new LaunchLock.Holder(owner, null, null));
            throw e;
        }
    }

    /** The boot script for this launch; a value it cannot carry safely is the caller's error, and nothing starts. */
    private String userData(LaunchRequest request, Instant deadline) {
        try {
            LaunchRequest.BundleRef ref = request.bundle();
            UserData.Bundle bundle = ref == null ? null : new UserData.Bundle(ref.bucket(), ref.key(), ref.sha256(), ref.version());
            return UserData.renderBase64(new UserData.Settings(config.region(), config.envName(), request.profile(),
                    config.artifactsBucket(), config.lakeBucket(), Lake.LAYOUT.landingKeyPrefix(), config.airflowEnv(),
                    bundle, config.idleMinutesFor(request.profile()), (int) config.maxLifetime().toHours(), config.airflowPort(), deadline,
                    request.sshPublicKey()));
        } catch (IllegalArgumentException e) {
            throw new RequestException(ErrorCode.MALFORMED_REQUEST, "cannot boot with these values: " + e.getMessage());
        }
    }

    /** The profile's live instance, or a view with state {@code none}. */
    public InstanceView status(Profile profile) {
        return ec2.aliveForProfile(profile.wireName()).stream()
                .findFirst()
                .map(instance -> view(profile, instance, false))
                .orElseGet(() -> InstanceView.none(profile));
    }

    /** Terminates the profile's live instances and frees its lock row; the view shows what was ended. */
    public InstanceView terminate(Profile profile) {
        return terminate(profile, null);
    }

    /**
     * As {@link #terminate(Profile)}, holding the launchers' lock row meanwhile: a launch still starting its instance
     * is waited for (until {@code answerBy}, null for the lease), so its instance is ended too rather than freed to
     * run beside the next one.
     */
    public InstanceView terminate(Profile profile, Instant answerBy) {
        String name = profile.wireName();
        String owner = "terminate-" + UUID.randomUUID();
        Instant giveUp = clock.instant().plus(LAUNCH_LEASE);
        if (answerBy != null && answerBy.isBefore(giveUp)) {
            giveUp = answerBy;
        }
        while (true) {
            Instant now = clock.instant();
            if (!now.isBefore(giveUp)) {
                throw new RequestException(ErrorCode.LAUNCH_IN_PROGRESS, "a launch of '" + name
                        + "' is still starting its instance and holds the lock; terminate again");
            }
            if (lock.tryAcquireToTerminate(name, owner, now, now.plus(LAUNCH_LEASE))) {
                break;
            }
            pause();
        }
        try {
            List<LiveInstance> alive = ec2.aliveForProfile(name);
            ec2.terminate(alive.stream().map(LiveInstance::instanceId).toList());
            if (alive.isEmpty()) {
                return InstanceView.none(profile);
            }
            LiveInstance first = alive.get(0);
            return view(profile, new LiveInstance(first.instanceId(), "shutting-down", first.privateAddress(),
                    first.publicAddress(), first.deadline(), first.bundleVersion()), false);
        } finally {
            lock.release(name, new LaunchLock.Holder(owner, null, null));
        }
    }

    private Instant deadlineOf(LiveInstance instance) {
        try {
            if (instance.deadline() != null) {
                return Instant.parse(instance.deadline());
            }
        } catch (DateTimeParseException e) {
            // A hand-edited tag: fall back to a fresh maximum lifetime below.
        }
        return clock.instant().plus(config.maxLifetime());
    }

    private InstanceView view(Profile profile, LiveInstance instance, boolean reused) {
        return new InstanceView(profile.wireName(), instance.instanceId(), instance.state(), reused,
                instance.privateAddress(), instance.publicAddress(), instance.deadline(), instance.bundleVersion(),
                airflowAccess(instance.instanceId()), null);
    }

    /** How to reach Airflow on {@code instanceId}: an SSM port-forward to the same local port, and the URL it opens. */
    private InstanceView.AirflowAccess airflowAccess(String instanceId) {
        int port = config.airflowPort();
        String command = "aws ssm start-session --region " + config.region() + " --target " + instanceId
                + " --document-name AWS-StartPortForwardingSession"
                + " --parameters '{\"portNumber\":[\"" + port + "\"],\"localPortNumber\":[\"" + port + "\"]}'";
        return new InstanceView.AirflowAccess(command, "http://localhost:" + port);
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another launch to finish", e);
        }
    }
}
