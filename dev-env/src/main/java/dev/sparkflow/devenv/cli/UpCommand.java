package dev.sparkflow.devenv.cli;

import dev.sparkflow.devenv.service.DevEnvService;
import dev.sparkflow.devenv.service.UpOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code up}: start (or reuse) the dev instance, wait for it, write the ssh config block. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start or reuse the dev instance, wait until it is reachable, and write Host sparkflow-dev.")
final class UpCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--my-cidr", paramLabel = "CIDR", description = "the address block allowed to SSH in, e.g. 203.0.113.7/32")
    String callerCidr;

    @Option(names = "--ssm", description = "connect through SSM Session Manager (no open port; needs the aws CLI and its session-manager-plugin)")
    boolean ssm;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "how long to wait for running + reachable, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "PT5S", description = "how often to look (default ${DEFAULT-VALUE})")
    Duration pollInterval;

    @Option(names = "--ssh-port", defaultValue = "22", description = "the port probed for SSH (default ${DEFAULT-VALUE})")
    int sshPort;

    @Override
    public Integer call() {
        DevEnvService service = main.service();
        DevEnvService.Connection connection = service.up(new UpOptions(callerCidr, ssm, timeout, pollInterval, sshPort));
        Printer.connection(main.out(), connection, service.vscodeCommand());
        return 0;
    }
}
