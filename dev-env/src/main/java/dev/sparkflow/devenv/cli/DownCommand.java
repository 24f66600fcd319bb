package dev.sparkflow.devenv.cli;

import dev.sparkflow.devenv.sshconfig.SshConfigFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code down}: terminate the dev instance and remove its ssh config block. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Terminate the dev instance and remove Host sparkflow-dev.")
final class DownCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        SshConfigFile.Outcome outcome = main.service().down();
        main.out().println(outcome == SshConfigFile.Outcome.WRITTEN
                ? "Removed the sparkflow-dev entry from the ssh config" : "The ssh config had no sparkflow-dev entry");
        return 0;
    }
}
