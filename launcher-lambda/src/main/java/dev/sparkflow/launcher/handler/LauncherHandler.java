package dev.sparkflow.launcher.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.launcher.io.AwsClients;
import dev.sparkflow.launcher.io.Ec2Instances;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.model.InstanceView;
import dev.sparkflow.launcher.model.LaunchRequest;
import dev.sparkflow.launcher.model.RequestException;
import dev.sparkflow.launcher.service.LaunchService;
import dev.sparkflow.launcher.service.LauncherConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Direct invocation entry point: {@code {"action":"launch"|"status"|"terminate","profile":"pipeline"|"dev"}}. */
public final class LauncherHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final LaunchService service;
    private final RequestException configurationProblem;

    /** The Lambda runtime's constructor: environment configuration and default clients, built once. */
    public LauncherHandler() {
        this(System.getenv(), AwsClients.fromEnvironment());
    }

    /** For tests and other runtimes: explicit environment and clients. */
    public LauncherHandler(Map<String, String> environment, AwsClients clients) {
        LaunchService built = null;
        RequestException problem = null;
        try {
            LauncherConfig config = LauncherConfig.fromEnvironment(environment);
            built = new LaunchService(config, new Ec2Instances(clients.ec2()),
                    new LaunchLock(clients.dynamo(), config.lockTable()), Clock.systemUTC(), POLL_INTERVAL);
        } catch (RequestException e) {
            // Kept, not thrown: every request then gets the clear error instead of an opaque init failure.
            problem = e;
        }
        this.service = built;
        this.configurationProblem = problem;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> response;
        try {
            if (configurationProblem != null) {
                throw configurationProblem;
            }
            InstanceView view = service.handle(LaunchRequest.fromEvent(event));
            response = new LinkedHashMap<>();
            response.put("ok", true);
            response.putAll(JSON.convertValue(view, MAP_TYPE));
        } catch (RequestException e) {
            response = new LinkedHashMap<>();
            response.put("ok", false);
            response.put("error", Map.of("code", e.code().wireName(), "message", e.getMessage()));
        }
        log(event, response, context);
        return response;
    }

    /** One JSON line per invocation on stdout, which Lambda ships to CloudWatch Logs. */
    private static void log(Map<String, Object> event, Map<String, Object> response, Context context) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", Boolean.TRUE.equals(response.get("ok")) ? "INFO" : "WARN");
        line.put("message", "launcher request handled");
        if (context != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        if (event != null) {
            line.put("action", event.get("action"));
            line.put("profile", event.get("profile"));
        }
        line.put("response", response);
        try {
            System.out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the log line", e);
        }
    }
}
