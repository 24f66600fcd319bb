package dev.sparkflow.devenv.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code status}: what the launcher says about the dev instance. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the dev instance as the launcher sees it.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--json", description = "print the launcher's response as JSON")
    boolean json;

    @Override
    public Integer call() {
        Printer.status(main.out(), main.service().status(), json);
        return 0;
    }
}
