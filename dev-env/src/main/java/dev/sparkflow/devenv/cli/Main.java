package dev.sparkflow.devenv.cli;

import dev.sparkflow.devenv.aws.AwsClients;
import dev.sparkflow.devenv.aws.AwsSettings;
import dev.sparkflow.devenv.aws.Ec2Instances;
import dev.sparkflow.devenv.aws.LambdaTransport;
import dev.sparkflow.devenv.aws.LauncherClient;
import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import dev.sparkflow.devenv.service.DevEnvService;
import dev.sparkflow.devenv.service.Platform;
import dev.sparkflow.devenv.service.Reachability;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code sparkflow-dev}: a cloud dev box from the launcher Lambda, reachable as {@code ssh sparkflow-dev}; global options go before or after the command. */
@Command(name = "sparkflow-dev", mixinStandardHelpOptions = true, version = "sparkflow dev-env 0.1.0",
        description = "Starts, inspects and ends the SparkFlow dev instance, and keeps its entry in ~/.ssh/config.",
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class, SshConfigCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:unexpected error", "2:bad command line", "3:the launcher refused or failed",
            "4:~/.ssh/config left untouched: it cannot be edited safely", "5:timed out waiting for the instance",
            "6:no dev instance", "7:an AWS call failed", "8:key pair problem"})
public final class Main implements AutoCloseable {
    @Option(scope = ScopeType.INHERIT, names = "--function", paramLabel = "NAME",
            defaultValue = "${env:SPARKFLOW_LAUNCHER_FUNCTION:-sparkflow-launcher}",
            description = "launcher Lambda name or ARN (env SPARKFLOW_LAUNCHER_FUNCTION; default ${DEFAULT-VALUE})")
    String function;

    @Option(scope = ScopeType.INHERIT, names = "--region", description = "AWS region (default: AWS_REGION or the profile's)")
    String region;

    @Option(scope = ScopeType.INHERIT, names = "--profile", description = "AWS named profile (default: AWS_PROFILE or the default chain)")
    String profile;

    @Option(scope = ScopeType.INHERIT, names = "--endpoint-url", paramLabel = "URL", description = "AWS endpoint override (an emulator)")
    URI endpoint;

    @Option(scope = ScopeType.INHERIT, names = "--ssh-dir", paramLabel = "DIR", defaultValue = "${sys:user.home}/.ssh",
            description = "where the key pair and the ssh config live (default ${DEFAULT-VALUE})")
    Path sshDirectory;

    private final Function<AwsSettings, AwsClients> clientFactory;
    private final Reachability reachability;
    private final Clock clock;
    private final DevEnvService.Sleeper sleeper;
    private final PrintStream out;
    private AwsClients clients;

    /** A CLI wired to real AWS, TCP and time. */
    public Main() {
        this(AwsClients::create, Reachability.tcp(), Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()), System.out);
    }

    /** For tests: where clients come from, how reachability is probed, time, and where output goes. */
    public Main(Function<AwsSettings, AwsClients> clientFactory, Reachability reachability, Clock clock,
                DevEnvService.Sleeper sleeper, PrintStream out) {
        this.clientFactory = clientFactory;
        this.reachability = reachability;
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = out;
    }

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        int code;
        try (Main main = new Main()) {
            code = main.commandLine().execute(args);
        }
        System.exit(code);
    }

    /** A picocli command line on this instance, mapping {@link DevEnvException}s to their exit codes. */
    public CommandLine commandLine() {
        CommandLine line = new CommandLine(this);
        line.setOut(new PrintWriter(out, true));
        line.setExecutionExceptionHandler((exception, command, parsed) -> {
            PrintWriter err = command.getErr();
            if (exception instanceof DevEnvException failure) {
                err.println("error: " + failure.getMessage());
                return failure.failure().exitCode();
            }
            if (exception instanceof SdkException aws) {
                // The SDK lists every provider it tried; the first sentence says what is missing.
                boolean noCredentials = aws.getMessage() != null && aws.getMessage().startsWith("Unable to load credentials");
                err.println(noCredentials
                        ? "error: no AWS credentials: sign in (e.g. `aws sso login`), pass --profile, or set AWS_PROFILE"
                        : "error: an AWS call failed: " + aws.getMessage());
                return Failure.AWS_FAILURE.exitCode();
            }
            throw exception;
        });
        return line;
    }

    /** The service for one command, on clients built at most once per run. */
    DevEnvService service() {
        if (clients == null) {
            clients = clientFactory.apply(new AwsSettings(region, profile, endpoint));
        }
        return new DevEnvService(new LauncherClient(new LambdaTransport(clients.lambda(), function)), new Ec2Instances(clients.ec2()),
                reachability, Platform.load(), sshDirectory, out, clock, sleeper);
    }

    /** Where command results are printed. */
    PrintStream out() {
        return out;
    }

    /** Closes the clients, if a command built them. */
    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }
}
