package dev.sparkflow.launcher.handler;

import static dev.sparkflow.launcher.handler.LauncherFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.EventFixtures;
import dev.sparkflow.launcher.io.Tags;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.emr.model.ClusterState;

/** The scheduled sweep against moto: what it ends and what it must leave alone. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JanitorTest {
    private final LauncherFixture fixture;

    JanitorTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @BeforeEach
    void createInfrastructure() {
        fixture.withInfrastructure();
    }

    private LauncherHandler handlerAt(Instant now) {
        return fixture.handler(LauncherFixture.environment(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private String state(String instanceId) {
        return fixture.allInstances().stream().filter(i -> i.instanceId().equals(instanceId))
                .map(i -> i.state().nameAsString()).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ended(Map<String, Object> response, String kind) {
        return (List<Map<String, Object>>) ((Map<String, Object>) response.get("janitor")).get(kind);
    }

    private String ourCluster(String name, Map<String, String> tags) {
        return fixture.emr.runJobFlow(r -> r.name(name).releaseLabel("emr-7.13.0")
                .instances(i -> i.instanceCount(1).masterInstanceType("m5.xlarge").keepJobFlowAliveWhenNoSteps(true))
                .jobFlowRole("EMR_EC2_DefaultRole").serviceRole("EMR_DefaultRole")
                .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.emr.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build()).toList())).jobFlowId();
    }

    private ClusterState clusterState(String clusterId) {
        return fixture.emr.describeCluster(r -> r.clusterId(clusterId)).cluster().status().state();
    }

    @Test
    void an_instance_past_its_deadline_is_terminated_and_a_young_one_is_kept() {
        Instant now = Instant.now();
        String old = (String) fixture.handler(LauncherFixture.environment(), Clock.fixed(now.minus(Duration.ofHours(7)), ZoneOffset.UTC))
                .handleRequest(request("launch", "pipeline"), null).get("instanceId");
        String young = (String) handlerAt(now).handleRequest(request("launch", "dev"), null).get("instanceId");

        Map<String, Object> response = handlerAt(now).handleRequest(EventFixtures.load("scheduled-event.json"), null);

        assertEquals(true, response.get("ok"), response.toString());
        assertEquals(List.of(old), ended(response, "instancesEnded").stream().map(v -> v.get("id")).toList());
        assertTrue(List.of("shutting-down", "terminated").contains(state(old)), state(old));
        assertEquals("running", state(young));
    }

    @Test
    void instances_that_are_not_ours_are_never_terminated() {
        Instance foreign = fixture.ec2.runInstances(r -> r.imageId(LauncherFixture.AMI).minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType("instance").tags(
                        x -> x.key(Tags.DEADLINE).value("2020-01-01T00:00:00Z")))).instances().get(0);

        Map<String, Object> response = handlerAt(Instant.now().plus(Duration.ofDays(30)))
                .handleRequest(EventFixtures.load("scheduled-event.json"), null);

        assertEquals(List.of(), ended(response, "instancesEnded"));
        assertEquals("running", state(foreign.instanceId()));
    }

    @Test
    void after_the_sweep_a_new_launch_starts_a_fresh_instance() {
        Instant now = Instant.now();
        String old = (String) fixture.handler(LauncherFixture.environment(), Clock.fixed(now.minus(Duration.ofHours(7)), ZoneOffset.UTC))
                .handleRequest(request("launch", "pipeline"), null).get("instanceId");
        handlerAt(now).handleRequest(EventFixtures.load("scheduled-event.json"), null);

        Map<String, Object> relaunch = handlerAt(now).handleRequest(request("launch", "pipeline"), null);

        assertEquals(false, relaunch.get("reused"), relaunch.toString());
        assertTrue(!old.equals(relaunch.get("instanceId")));
    }

    /** An instance tagged as ours for a profile, started outside the launcher (as a lost race would leave it). */
    private String ourInstance(String profile) {
        return fixture.ec2.runInstances(r -> r.imageId(LauncherFixture.AMI).minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType("instance").tags(
                        x -> x.key(Tags.MANAGED).value("true"), x -> x.key(Tags.PROFILE).value(profile),
                        x -> x.key(Tags.DEADLINE).value(Instant.now().plus(Duration.ofHours(5)).toString()))))
                .instances().get(0).instanceId();
    }

    @Test
    void a_second_live_instance_of_a_profile_is_terminated_keeping_the_newest_and_nobody_elses() throws Exception {
        String older = ourInstance("pipeline");
        Thread.sleep(1100); // EC2 launch times have whole seconds.
        String newer = ourInstance("pipeline");
        String dev = ourInstance("dev");
        Instance foreign = fixture.ec2.runInstances(r -> r.imageId(LauncherFixture.AMI).minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType("instance").tags(
                        x -> x.key(Tags.PROFILE).value("pipeline")))).instances().get(0);

        Map<String, Object> response = handlerAt(Instant.now()).handleRequest(EventFixtures.load("scheduled-event.json"), null);

        assertEquals(List.of(older), ended(response, "instancesEnded").stream().map(v -> v.get("id")).toList(), response.toString());
        assertTrue(List.of("shutting-down", "terminated").contains(state(older)), state(older));
        assertEquals("running", state(newer));
        assertEquals("running", state(dev));
        assertEquals("running", state(foreign.instanceId()));
    }

    @Test
    void our_expired_cluster_is_terminated_while_a_foreign_one_and_a_current_one_are_kept() {
        Instant now = Instant.now();
        String expired = ourCluster("sparkflow-batch-old", Map.of(Tags.EMR_COMPONENT, Tags.EMR_BATCH,
                Tags.EMR_EXPIRES_AT, now.minus(Duration.ofMinutes(1)).toString()));
        String current = ourCluster("sparkflow-batch-new", Map.of(Tags.EMR_COMPONENT, Tags.EMR_BATCH,
                Tags.EMR_EXPIRES_AT, now.plus(Duration.ofHours(3)).toString()));
        String foreign = ourCluster("analytics-team", Map.of("team", "analytics",
                Tags.EMR_EXPIRES_AT, now.minus(Duration.ofDays(1)).toString()));

        Map<String, Object> response = handlerAt(now).handleRequest(EventFixtures.load("scheduled-event.json"), null);

        assertEquals(List.of(expired), ended(response, "clustersEnded").stream().map(v -> v.get("id")).toList());
        assertTrue(List.of(ClusterState.TERMINATING, ClusterState.TERMINATED).contains(clusterState(expired)));
        assertTrue(!List.of(ClusterState.TERMINATING, ClusterState.TERMINATED).contains(clusterState(current)));
        assertTrue(!List.of(ClusterState.TERMINATING, ClusterState.TERMINATED).contains(clusterState(foreign)));
    }

    @Test
    void our_cluster_left_waiting_past_the_idle_limit_is_terminated() {
        Instant now = Instant.now();
        String cluster = ourCluster("sparkflow-batch-idle", Map.of(Tags.EMR_COMPONENT, Tags.EMR_BATCH,
                Tags.EMR_EXPIRES_AT, now.plus(Duration.ofHours(4)).toString()));
        ClusterState state = clusterState(cluster);

        Map<String, Object> soon = handlerAt(now.plus(Duration.ofMinutes(30))).handleRequest(EventFixtures.load("scheduled-event.json"), null);
        Map<String, Object> later = handlerAt(now.plus(Duration.ofMinutes(61))).handleRequest(EventFixtures.load("scheduled-event.json"), null);

        assertEquals(ClusterState.WAITING, state, "moto parks a cluster with no steps in WAITING");
        assertEquals(List.of(), ended(soon, "clustersEnded"));
        assertEquals(List.of(cluster), ended(later, "clustersEnded").stream().map(v -> v.get("id")).toList());
    }
}
