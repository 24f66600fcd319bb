package dev.sparkflow.devenv.cli;

import dev.sparkflow.devenv.service.DevEnvService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ssh-config}: (re)write the block for the running instance without launching one. */
@Command(name = "ssh-config", mixinStandardHelpOptions = true,
        description = "Write Host sparkflow-dev for the current dev instance, without launching or waiting.")
final class SshConfigCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--ssm", description = "connect through SSM Session Manager instead of TCP port 22")
    boolean ssm;

    @Override
    public Integer call() {
        DevEnvService service = main.service();
        Printer.connection(main.out(), service.sshConfig(ssm), service.vscodeCommand());
        return 0;
    }
}
