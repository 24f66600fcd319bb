package dev.sparkflow.launcher.handler;

import static dev.sparkflow.launcher.handler.LauncherFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.io.Tags;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LauncherHandlerTest {
    private final LauncherFixture fixture;
    private LauncherHandler handler;

    LauncherHandlerTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @BeforeEach
    void createInfrastructure() {
        fixture.withInfrastructure();
        handler = fixture.handler();
    }

    @Test
    void a_first_launch_starts_one_instance_from_the_launch_template_and_says_it_is_new() {
        Map<String, Object> response = handler.handleRequest(request("launch", "pipeline"), null);

        assertEquals(true, response.get("ok"), response.toString());
        assertEquals(false, response.get("reused"));
        assertEquals("pipeline", response.get("profile"));
        String instanceId = (String) response.get("instanceId");
        assertNotNull(instanceId);
        assertTrue(Map.of("pending", 1, "running", 1).containsKey(response.get("state")), response.toString());
        assertNotNull(response.get("privateAddress"));
        assertEquals(1, fixture.allInstances().size());
        assertEquals(LauncherFixture.AMI, fixture.allInstances().get(0).imageId());
    }

    @Test
    void the_instance_is_tagged_with_profile_deadline_and_bundle_version() {
        Instant before = Instant.now();
        Map<String, Object> response = handler.handleRequest(request("launch", "dev"), null);

        Instance instance = fixture.allInstances().get(0);
        Map<String, String> tags = instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals("true", tags.get(Tags.MANAGED));
        assertEquals("dev", tags.get(Tags.PROFILE));
        assertEquals("2026.11.21-test", tags.get(Tags.BUNDLE_VERSION));
        Instant deadline = Instant.parse(tags.get(Tags.DEADLINE));
        Duration lifetime = Duration.between(before, deadline);
        assertTrue(lifetime.compareTo(Duration.ofHours(6)) >= 0 && lifetime.compareTo(Duration.ofHours(6).plusMinutes(1)) < 0,
                "deadline six hours ahead, was " + lifetime);
        assertEquals(tags.get(Tags.DEADLINE), response.get("deadline"));
    }

    @Test
    void the_instance_requires_imdsv2_and_terminates_when_it_shuts_itself_down() {
        handler.handleRequest(request("launch", "pipeline"), null);

        Instance instance = fixture.allInstances().get(0);
        assertEquals("required", instance.metadataOptions().httpTokensAsString());
        String behaviour = fixture.ec2.describeInstanceAttribute(r -> r.instanceId(instance.instanceId())
                .attribute("instanceInitiatedShutdownBehavior")).instanceInitiatedShutdownBehavior().value();
        assertEquals("terminate", behaviour);
    }

    @Test
    void a_second_launch_returns_the_same_instance_marked_reused() {
        Map<String, Object> first = handler.handleRequest(request("launch", "pipeline"), null);
        Map<String, Object> second = handler.handleRequest(request("launch", "pipeline"), null);

        assertEquals(first.get("instanceId"), second.get("instanceId"));
        assertEquals(true, second.get("reused"));
        assertEquals(1, fixture.allInstances().size());
    }

    @Test
    void each_profile_has_its_own_instance() {
        Map<String, Object> pipeline = handler.handleRequest(request("launch", "pipeline"), null);
        Map<String, Object> dev = handler.handleRequest(request("launch", "dev"), null);

        assertNotEquals(pipeline.get("instanceId"), dev.get("instanceId"));
        assertEquals(false, dev.get("reused"));
    }

    @Test
    void the_response_says_how_to_reach_airflow_through_an_ssm_port_forward() {
        Map<String, Object> response = handler.handleRequest(request("launch", "pipeline"), null);

        @SuppressWarnings("unchecked")
        Map<String, Object> airflow = (Map<String, Object>) response.get("airflow");
        String command = (String) airflow.get("portForwardCommand");
        assertTrue(command.startsWith("aws ssm start-session --region us-east-1 --target " + response.get("instanceId")), command);
        assertTrue(command.contains("AWS-StartPortForwardingSession") && command.contains("\"8080\""), command);
        assertEquals("http://localhost:8080", airflow.get("url"));
    }

    @Test
    void status_reports_the_live_instance_and_none_when_there_is_none() {
        assertEquals("none", handler.handleRequest(request("status", "pipeline"), null).get("state"));

        Map<String, Object> launched = handler.handleRequest(request("launch", "pipeline"), null);
        Map<String, Object> status = handler.handleRequest(request("status", "pipeline"), null);

        assertEquals(launched.get("instanceId"), status.get("instanceId"));
        assertEquals(1, fixture.allInstances().size());
    }

    @Test
    void terminate_ends_the_instance_and_a_later_launch_starts_a_fresh_one() {
        Map<String, Object> first = handler.handleRequest(request("launch", "pipeline"), null);

        Map<String, Object> terminated = handler.handleRequest(request("terminate", "pipeline"), null);
        Map<String, Object> second = handler.handleRequest(request("launch", "pipeline"), null);

        assertEquals(first.get("instanceId"), terminated.get("instanceId"));
        assertEquals("shutting-down", terminated.get("state"));
        assertEquals(1, fixture.aliveInstances("pipeline").size());
        assertEquals(second.get("instanceId"), fixture.aliveInstances("pipeline").get(0).instanceId());
        assertNotEquals(first.get("instanceId"), second.get("instanceId"));
        assertEquals(false, second.get("reused"));
    }

    @Test
    void an_instance_that_ended_on_its_own_is_replaced_on_the_next_launch() {
        Map<String, Object> first = handler.handleRequest(request("launch", "pipeline"), null);
        fixture.ec2.terminateInstances(r -> r.instanceIds((String) first.get("instanceId")));

        Map<String, Object> second = handler.handleRequest(request("launch", "pipeline"), null);

        assertNotEquals(first.get("instanceId"), second.get("instanceId"));
        assertEquals(false, second.get("reused"));
        assertEquals(1, fixture.aliveInstances("pipeline").size());
    }

    @Test
    void an_instance_of_ours_started_outside_the_lock_is_adopted_not_duplicated() {
        fixture.ec2.runInstances(r -> r.imageId(LauncherFixture.AMI).minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType("instance").tags(
                        Tag.builder().key(Tags.MANAGED).value("true").build(),
                        Tag.builder().key(Tags.PROFILE).value("pipeline").build())));

        Map<String, Object> response = handler.handleRequest(request("launch", "pipeline"), null);

        assertEquals(true, response.get("reused"));
        assertEquals(1, fixture.allInstances().size());
    }

    @Test
    void a_dev_launch_with_a_well_formed_ssh_key_starts_the_dev_instance() {
        Map<String, Object> event = request("launch", "dev");
        event.put("sshPublicKey", "ssh-ed25519 " + SshKeys.ed25519Body() + " me@laptop");

        Map<String, Object> response = handler.handleRequest(event, null);

        assertEquals(true, response.get("ok"), response.toString());
        assertEquals(1, fixture.aliveInstances("dev").size());
    }
}
