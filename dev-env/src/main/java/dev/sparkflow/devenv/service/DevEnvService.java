package dev.sparkflow.devenv.service;

import dev.sparkflow.devenv.aws.Ec2Instances;
import dev.sparkflow.devenv.aws.LauncherClient;
import dev.sparkflow.devenv.keys.SshKeyPair;
import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import dev.sparkflow.devenv.model.InstanceState;
import dev.sparkflow.devenv.sshconfig.HostEntry;
import dev.sparkflow.devenv.sshconfig.SshConfigFile;
import dev.sparkflow.launcher.api.InstanceView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** up, status, down and ssh-config: the launcher, EC2, the key pair and the ssh config, in that order. */
public final class DevEnvService {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(30);

    private final LauncherClient launcher;
    private final Ec2Instances ec2;
    private final Reachability reachability;
    private final Platform platform;
    private final Path sshDirectory;
    private final SshConfigFile sshConfig;
    private final PrintStream progress;
    private final Clock clock;
    private final Sleeper sleeper;

    /** The service on its collaborators; {@code sshDirectory} holds the key pair and the config ({@code ~/.ssh}). */
    public DevEnvService(LauncherClient launcher, Ec2Instances ec2, Reachability reachability, Platform platform,
                         Path sshDirectory, PrintStream progress, Clock clock, Sleeper sleeper) {
        this.launcher = launcher;
        this.ec2 = ec2;
        this.reachability = reachability;
        this.platform = platform;
        this.sshDirectory = sshDirectory;
        this.sshConfig = new SshConfigFile(sshDirectory.resolve("config"), platform.hostAlias());
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Pauses between polls. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    /** What {@code up} and {@code ssh-config} produced. */
    public record Connection(InstanceView launcher, InstanceState instance, HostEntry entry,
                             SshConfigFile.Outcome configOutcome) {
    }

    /** Key, launch, wait until running and reachable, write the ssh config block. */
    public Connection up(UpOptions options) {
        sshConfig.check(); // Before launching: an instance we could not write the entry for would only cost money.
        SshKeyPair key = SshKeyPair.ensure(sshDirectory, keyName(), platform.hostAlias() + "@sparkflow");
        progress.println((key.created() ? "Generated key pair " : "Using key pair ") + key.privateKey());
        progress.println("Asking the launcher (" + launcher.functionName() + ") for the dev instance...");
        InstanceView launched = launcher.launch(key.publicKeyLine(), options.callerCidr());
        if (!launched.hasInstance()) {
            throw new DevEnvException(Failure.NO_INSTANCE, "the launcher answered without an instance (state "
                    + launched.state() + ")");
        }
        progress.println((launched.reused() ? "Reusing instance " : "Started instance ")
                + launched.instanceId() + (launched.deadline() == null ? "" : ", which stops by " + launched.deadline()));
        InstanceState ready = awaitReady(launched.instanceId(), options);
        return connect(launched, ready, options.ssm(), key);
    }

    /** The launcher's view of the dev instance. */
    public InstanceView status() {
        return launcher.status();
    }

    /** Terminates the dev instance and removes the ssh config block and its known hosts. */
    public SshConfigFile.Outcome down() {
        InstanceView ended = launcher.terminate();
        progress.println(ended.hasInstance() ? "Terminating instance " + ended.instanceId() : "There was no dev instance");
        SshConfigFile.Outcome outcome = sshConfig.removeBlock();
        deleteKnownHosts();
        return outcome;
    }

    /** (Re)writes the block for the current instance without launching or waiting. */
    public Connection sshConfig(boolean ssm) {
        sshConfig.check();
        InstanceView current = launcher.status();
        if (!current.hasInstance()) {
            throw new DevEnvException(Failure.NO_INSTANCE, "there is no dev instance; start one with `up`");
        }
        InstanceState instance = ec2.describe(current.instanceId())
                .orElseThrow(() -> new DevEnvException(Failure.NO_INSTANCE, "EC2 does not know instance "
                        + current.instanceId() + " yet; try again in a few seconds"));
        if (!ssm && instance.sshAddress() == null) {
            throw new DevEnvException(Failure.NO_INSTANCE, "instance " + instance.instanceId() + " has no address yet"
                    + " (state " + instance.state() + "); try again shortly, or use --ssm");
        }
        SshKeyPair key = SshKeyPair.ensure(sshDirectory, keyName(), platform.hostAlias() + "@sparkflow");
        if (key.created()) {
            progress.println("Generated key pair " + key.privateKey() + "; run `up` so the instance learns it");
        }
        return connect(current, instance, ssm, key);
    }

    /** The command that opens the dev instance in VS Code. */
    public String vscodeCommand() {
        return "code --remote ssh-remote+" + platform.hostAlias() + " " + platform.remoteFolder();
    }

    private Connection connect(InstanceView launcher, InstanceState instance, boolean ssm, SshKeyPair key) {
        Path knownHosts = sshDirectory.resolve(platform.hostAlias() + "_known_hosts");
        HostEntry entry = new HostEntry(platform.hostAlias(), instance.instanceId(),
                ssm ? instance.instanceId() : instance.sshAddress(), platform.user(), key.privateKey(), knownHosts,
                List.of(platform.airflowPort(), platform.dashboardsPort()), ssm ? HostEntry.SSM_PROXY_COMMAND : null);
        Optional<String> previous = sshConfig.blockInstanceId();
        if (previous.isPresent() && !previous.get().equals(instance.instanceId())) {
            deleteKnownHosts(); // A new instance has a new host key; the old one would make ssh refuse it.
        }
        SshConfigFile.Outcome outcome = sshConfig.writeBlock(entry);
        progress.println((outcome == SshConfigFile.Outcome.WRITTEN ? "Wrote" : "Kept") + " Host " + platform.hostAlias()
                + " in " + sshDirectory.resolve("config"));
        return new Connection(launcher, instance, entry, outcome);
    }

    private InstanceState awaitReady(String instanceId, UpOptions options) {
        Instant start = clock.instant();
        Instant deadline = start.plus(options.timeout());
        String lastReport = null;
        Instant lastPrinted = start;
        while (true) {
            Optional<InstanceState> seen = ec2.describe(instanceId);
            String report;
            if (seen.isEmpty()) {
                report = "waiting for EC2 to list " + instanceId;
            } else if (seen.get().ended()) {
                throw new DevEnvException(Failure.NO_INSTANCE, "instance " + instanceId + " is " + seen.get().state()
                        + "; run `up` again to start a new one");
            } else if (!seen.get().running()) {
                report = "instance " + instanceId + " is " + seen.get().state();
            } else if (options.ssm()) {
                return seen.get(); // Session Manager needs no open port; its agent registers on its own.
            } else if (seen.get().sshAddress() == null) {
                report = "instance " + instanceId + " is running, waiting for an address";
            } else if (reachability.reachable(seen.get().sshAddress(), options.sshPort(), CONNECT_TIMEOUT)) {
                progress.println("SSH answers on " + seen.get().sshAddress() + ":" + options.sshPort());
                return seen.get();
            } else {
                report = "instance " + instanceId + " is running, waiting for SSH on " + seen.get().sshAddress()
                        + ":" + options.sshPort();
            }
            Instant now = clock.instant();
            if (!report.equals(lastReport) || Duration.between(lastPrinted, now).compareTo(QUIET_PERIOD) >= 0) {
                progress.println("  " + report + " (" + Duration.between(start, now).toSeconds() + "s)");
                lastReport = report;
                lastPrinted = now;
            }
            if (!now.isBefore(deadline)) {
                throw new DevEnvException(Failure.TIMEOUT, "gave up after " + options.timeout().toSeconds() + "s: " + report
                        + ". The instance keeps running until its deadline: `status` shows it, `up` waits again, `down` ends it");
            }
            try {
                sleeper.sleep(options.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevEnvException(Failure.TIMEOUT, "interrupted while waiting for " + instanceId, e);
            }
        }
    }

    private String keyName() {
        return platform.hostAlias() + "_ed25519";
    }

    private void deleteKnownHosts() {
        try {
            Files.deleteIfExists(sshDirectory.resolve(platform.hostAlias() + "_known_hosts"));
        } catch (IOException e) {
            throw new DevEnvException(Failure.SSH_CONFIG_REFUSED, "could not delete the dev instance's known hosts file: "
                    + e.getMessage(), e);
        }
    }
}
