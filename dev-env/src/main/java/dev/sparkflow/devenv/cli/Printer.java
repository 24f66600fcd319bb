package dev.sparkflow.devenv.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkflow.devenv.service.DevEnvService;
import dev.sparkflow.launcher.api.InstanceView;
import dev.sparkflow.launcher.api.LauncherJson;
import dev.sparkflow.launcher.api.LauncherResponse;
import java.io.PrintStream;
import java.util.List;

/** What the commands print on success. */
final class Printer {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Printer() {
    }

    /** The ready instance and how to use it. */
    static void connection(PrintStream out, DevEnvService.Connection connection, String vscodeCommand) {
        out.println();
        out.println("Dev instance " + connection.instance().instanceId() + " is ready as host "
                + connection.entry().alias() + " (" + connection.entry().hostName() + ").");
        out.println("  ssh " + connection.entry().alias());
        List<Integer> ports = connection.entry().localForwardPorts();
        out.println("  Airflow UI while connected: http://localhost:" + ports.get(0));
        out.println("  Dashboards while connected: http://localhost:" + ports.get(1));
        out.println("  " + vscodeCommand);
    }

    /** The launcher's status answer, as a summary or as the launcher's JSON (indented). */
    static void status(PrintStream out, InstanceView status, boolean json) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(LauncherJson.toMap(LauncherResponse.answered(status))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot print the status", e);
            }
            return;
        }
        if (!status.hasInstance()) {
            out.println("No dev instance is running. Start one with `up`.");
            return;
        }
        out.println("instance     " + status.instanceId());
        out.println("state        " + status.state());
        printIfPresent(out, "public       ", status.publicAddress());
        printIfPresent(out, "private      ", status.privateAddress());
        printIfPresent(out, "deadline     ", status.deadline());
        printIfPresent(out, "bundle       ", status.bundleVersion());
        if (status.airflow() != null) {
            printIfPresent(out, "airflow      ", status.airflow().url());
            printIfPresent(out, "port-forward ", status.airflow().portForwardCommand());
        }
    }

    private static void printIfPresent(PrintStream out, String label, String value) {
        if (value != null) {
            out.println(label + value);
        }
    }
}
