package dev.sparkflow.launcher.handler;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A fresh JVM's first invocation, the way the Lambda runtime does it: default constructor, then one request. */
public final class InvokeOnce {
    /** The first argument that sends the janitor's EventBridge schedule tick instead of a direct request. */
    public static final String SCHEDULED = "scheduled";

    private InvokeOnce() {
    }

    /** Arguments: action, profile; or {@value #SCHEDULED}. The handler's JSON log line on stdout is the result. */
    public static void main(String[] args) {
        Map<String, Object> request = new HashMap<>();
        if (SCHEDULED.equals(args[0])) {
            request.put("source", "aws.events");
            request.put("detail-type", "Scheduled Event");
            request.put("time", Instant.now().toString());
        } else {
            request.put("action", args[0]);
            request.put("profile", args[1]);
        }
        Map<String, Object> response = new LauncherHandler().handleRequest(request, null);
        if (!Boolean.TRUE.equals(response.get("ok"))) {
            System.exit(2);
        }
    }
}
