package dev.sparkflow.launcher.handler;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Invokes the handler once outside Lambda, the way the runtime does (default constructor, one event): for trying an
 * event against an emulator and for {@code make bench-launcher}. Usage: {@code java -cp launcher-lambda.jar
 * dev.sparkflow.launcher.handler.LocalInvoke '<event JSON>'}; prints {@code response: <JSON>}, exits 2 when not ok.
 */
public final class LocalInvoke {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalInvoke() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LocalInvoke '<event JSON>'");
            System.exit(64);
        }
        Map<String, Object> event = JSON.readValue(args[0], new TypeReference<Map<String, Object>>() {
        });
        Map<String, Object> response = new LauncherHandler().handleRequest(event, null);
        System.out.println("response: " + JSON.writeValueAsString(response));
        System.exit(Boolean.TRUE.equals(response.get("ok")) ? 0 : 2);
    }
}
