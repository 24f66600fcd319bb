package dev.sparkflow.launcher.handler;

import java.util.HashMap;
import java.util.Map;

/** A fresh JVM's first invocation, the way the Lambda runtime does it: default constructor, then one request. */
public final class InvokeOnce {
    private InvokeOnce() {
    }

    /** Arguments: action, profile. The handler's JSON log line on stdout is the result. */
    public static void main(String[] args) {
        Map<String, Object> request = new HashMap<>();
        request.put("action", args[0]);
        request.put("profile", args[1]);
        Map<String, Object> response = new LauncherHandler().handleRequest(request, null);
        if (!Boolean.TRUE.equals(response.get("ok"))) {
            System.exit(2);
        }
    }
}
