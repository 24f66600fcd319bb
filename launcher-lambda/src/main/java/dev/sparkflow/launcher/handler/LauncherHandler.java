package dev.sparkflow.launcher.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.LaunchRequest;
import dev.sparkflow.launcher.api.LauncherJson;
import dev.sparkflow.launcher.api.LauncherResponse;
import dev.sparkflow.launcher.api.Profile;
import dev.sparkflow.launcher.io.AwsClients;
import dev.sparkflow.launcher.io.Ec2Instances;
import dev.sparkflow.launcher.io.EmrClusters;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.launcher.io.SshIngress;
import dev.sparkflow.launcher.model.InboundEvent;
import dev.sparkflow.launcher.model.RequestException;
import dev.sparkflow.launcher.service.JanitorRules;
import dev.sparkflow.launcher.service.JanitorService;
import dev.sparkflow.launcher.service.LaunchService;
import dev.sparkflow.launcher.service.LauncherConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The one entry point: direct requests, S3/EventBridge "object created" under {@code landing/} (launch the pipeline)
 * and the janitor's schedule; everything else is refused or ignored with a reason.
 */
public final class LauncherHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** Time kept back from the invocation's remaining time to answer and log before Lambda ends it. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(10);

    private final LauncherConfig config;
    private final Clock clock;
    private final LaunchService launcher;
    private final JanitorService janitor;
    private final RequestException configurationProblem;

    /** The Lambda runtime's constructor: environment configuration and default clients, built once. */
    public LauncherHandler() {
        this(System.getenv(), AwsClients.fromEnvironment(), Clock.systemUTC());
        // SnapStart: prime the request path before the snapshot is taken (see beforeCheckpoint).
        Core.getGlobalContext().register(this);
    }

    /** For tests and other runtimes: explicit environment, clients and clock. */
    public LauncherHandler(Map<String, String> environment, AwsClients clients, Clock clock) {
        LauncherConfig built = null;
        RequestException problem = null;
        try {
            built = LauncherConfig.fromEnvironment(environment);
        } catch (RequestException e) {
            // Kept, not thrown: every request then gets the clear error instead of an opaque init failure.
            problem = e;
        }
        this.config = built;
        this.clock = clock;
        this.configurationProblem = problem;
        if (built == null) {
            this.launcher = null;
            this.janitor = null;
        } else {
            Ec2Instances ec2 = new Ec2Instances(clients.ec2());
            SshIngress ssh = new SshIngress(clients.ec2());
            this.launcher = new LaunchService(built, ec2, new LaunchLock(clients.dynamo(), built.lockTable()), ssh, clock,
                    POLL_INTERVAL);
            this.janitor = new JanitorService(ec2, new EmrClusters(clients.emr()),
                    new JanitorRules(built.maxLifetime(), built.emrIdle()), ssh, built.devSecurityGroup(), clock);
        }
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> response = new LinkedHashMap<>();
        String kind = "unknown";
        try {
            if (configurationProblem != null) {
                throw configurationProblem;
            }
            InboundEvent inbound = InboundEvent.classify(event, config.lakeBucket());
            kind = inbound.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            response.put("ok", true);
            // Java 17: no pattern matching for switch yet.
            Instant answerBy = context == null ? null
                    : clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(ANSWER_MARGIN);
            if (inbound instanceof InboundEvent.Direct direct) {
                response.putAll(LauncherJson.toMap(LauncherResponse.answered(launcher.handle(direct.request(), answerBy))));
            } else if (inbound instanceof InboundEvent.Landed landed) {
                response.put("trigger", Map.of("bucket", landed.bucket(), "objects", landed.keys().size()));
                response.putAll(asMap(launcher.launch(new LaunchRequest(Action.LAUNCH, Profile.PIPELINE), answerBy)));
            } else if (inbound instanceof InboundEvent.Scheduled) {
                response.put("janitor", asMap(janitor.sweep()));
            } else if (inbound instanceof InboundEvent.Ignored ignored) {
                response.put("ignored", ignored.reason());
            }
        } catch (RequestException e) {
            response.clear();
            response.putAll(LauncherJson.toMap(LauncherResponse.refused(e.code(), e.getMessage())));
        }
        log(kind, event, response, context);
        return response;
    }

    /**
     * SnapStart priming: load and initialise the JSON and SDK request paths with a read-only status call, so the
     * first real invocation after a restore does not pay for class loading; a failure here must not block the snapshot.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (launcher != null) {
            try {
                asMap(launcher.status(Profile.PIPELINE));
            } catch (RuntimeException e) {
                System.out.println(line("WARN", "priming call failed; the snapshot is taken without it: " + e));
            }
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: the clients read credentials per request and hold no connections worth keeping.
    }

    private static Map<String, Object> asMap(Object value) {
        return JSON.convertValue(value, MAP_TYPE);
    }

    /**
     * One JSON line per invocation on stdout, which Lambda ships to CloudWatch Logs.
     *
     * <p>Why not Log4j2's JSON Template Layout (aws-lambda-java-log4j2 and Powertools logging are not served here):
     * log4j-api, -core and -layout-template-json 2.26.1 are 2.6 MB of jars that ProGuard would have to keep whole
     * (plugins load by name), taking the 7.9 MiB jar past 8 MiB; and a fresh JVM with the Lambda flags takes 0.41 s
     * to write one line through it against 0.19 s through Jackson (median of 5, 2026-12-07), which would take the
     * 0.82 s launch cold start past 1 s. So the line stays a Map written by the Jackson already in the jar.
     */
    private static void log(String kind, Map<String, Object> event, Map<String, Object> response, Context context) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", Boolean.TRUE.equals(response.get("ok")) ? "INFO" : "WARN");
        line.put("message", "launcher event handled");
        line.put("event", kind);
        if (context != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        if (event != null && event.containsKey("action")) {
            line.put("action", event.get("action"));
            line.put("profile", event.get("profile"));
        }
        line.put("response", response);
        System.out.println(write(line));
    }

    private static String line(String level, String message) {
        return write(Map.of("level", level, "message", message));
    }

    private static String write(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the log line", e);
        }
    }
}
