package dev.sparkflow.launcher.handler;

import static dev.sparkflow.launcher.handler.LauncherFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.sparkflow.launcher.io.LaunchLock;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The launcher answers within its own invocation: a wait on another launch never outlasts the Lambda timeout. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InvocationDeadlineTest {
    /** The longest the function waits on another launch (LaunchService's lease), plus RunInstances and the answer. */
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);
    private static final Path FUNCTION_TF = Path.of("..", "infra", "terraform", "modules", "launcher", "main.tf");

    private final LauncherFixture fixture;

    InvocationDeadlineTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @Test
    void a_launch_waiting_on_another_gives_up_before_its_invocation_runs_out() {
        fixture.withInfrastructure();
        Instant now = Instant.now();
        // Another invocation holds the lock and has not recorded its instance yet.
        assertTrue(new LaunchLock(fixture.dynamo, LauncherFixture.TABLE)
                .tryAcquire("pipeline", "someone-else", now, now.plus(LONGEST_WAIT)));
        LauncherHandler handler = fixture.handler();

        Map<String, Object> response = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> handler.handleRequest(request("launch", "pipeline"),
                        remaining(LauncherHandler.ANSWER_MARGIN.plusSeconds(2))));

        assertEquals(false, response.get("ok"), response.toString());
        assertEquals("launch_in_progress", ((Map<?, ?>) response.get("error")).get("code"), response.toString());
        assertEquals(0, fixture.allInstances().size());
    }

    @Test
    void the_function_timeout_is_longer_than_its_longest_wait() throws Exception {
        Matcher timeout = Pattern.compile("(?m)^\\s*timeout\\s*=\\s*(\\d+)\\s*$").matcher(Files.readString(FUNCTION_TF));
        assertTrue(timeout.find(), "no timeout in " + FUNCTION_TF);
        Duration configured = Duration.ofSeconds(Long.parseLong(timeout.group(1)));

        assertTrue(configured.compareTo(LONGEST_WAIT.plus(LauncherHandler.ANSWER_MARGIN).plusSeconds(15)) >= 0,
                "timeout " + configured + " leaves no room for a " + LONGEST_WAIT + " wait, RunInstances and the answer");
        // dev-env's client gives up after 3 minutes; the function must answer before that.
        assertTrue(configured.compareTo(Duration.ofMinutes(3)) < 0, "timeout " + configured + " outlasts dev-env's client");
    }

    /** A Lambda context with {@code left} of its time remaining. */
    private static Context remaining(Duration left) {
        long until = System.currentTimeMillis() + left.toMillis();
        return new Context() {
            public String getAwsRequestId() {
                return "test-request";
            }

            public String getLogGroupName() {
                return null;
            }

            public String getLogStreamName() {
                return null;
            }

            public String getFunctionName() {
                return "sparkflow-launcher-test";
            }

            public String getFunctionVersion() {
                return "1";
            }

            public String getInvokedFunctionArn() {
                return null;
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return (int) Math.max(0, until - System.currentTimeMillis());
            }

            public int getMemoryLimitInMB() {
                return 512;
            }

            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
