package dev.sparkflow.launcher.handler;

import static dev.sparkflow.launcher.handler.LauncherFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.EventFixtures;
import dev.sparkflow.launcher.io.SshIngress;
import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/** A dev caller's address gets SSH on the dev security group for the instance's life, and only that long. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DevSshAccessTest {
    private static final String DEV_TEMPLATE = "sparkflow-test-dev";
    private final LauncherFixture fixture;
    private String groupId;
    private LauncherHandler handler;

    DevSshAccessTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @BeforeEach
    void createInfrastructure() {
        fixture.withInfrastructure();
        groupId = fixture.ec2.createSecurityGroup(r -> r.groupName("sparkflow-dev").description("dev instance")).groupId();
        fixture.ec2.createLaunchTemplate(r -> r.launchTemplateName(DEV_TEMPLATE)
                .launchTemplateData(d -> d.imageId(LauncherFixture.AMI).instanceType("t3.xlarge").securityGroupIds(groupId)));
        Map<String, String> env = LauncherFixture.environment();
        env.put(LauncherConfig.DEV_SECURITY_GROUP, groupId);
        env.put(LauncherConfig.DEV_LAUNCH_TEMPLATE, DEV_TEMPLATE);
        handler = fixture.handler(env, Clock.systemUTC());
    }

    private Map<String, Object> devLaunch(String cidr) {
        Map<String, Object> launch = request("launch", "dev");
        launch.put("callerCidr", cidr);
        return handler.handleRequest(launch, null);
    }

    /** CIDR -> description of every TCP 22 rule on the group. */
    private Map<String, String> sshRules() {
        return fixture.ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0).ipPermissions().stream()
                .filter(p -> p.fromPort() != null && p.fromPort() == 22)
                .flatMap(p -> p.ipRanges().stream())
                .collect(java.util.stream.Collectors.toMap(r -> r.cidrIp(), r -> String.valueOf(r.description())));
    }

    @Test
    void a_dev_launch_with_the_callers_cidr_opens_ssh_from_there_until_the_deadline() {
        Map<String, Object> response = devLaunch("203.0.113.7/32");

        assertEquals(true, response.get("ok"), response.toString());
        assertEquals("203.0.113.7/32", response.get("sshAllowedFrom"));
        assertEquals(Map.of("203.0.113.7/32", SshIngress.DESCRIPTION_PREFIX + response.get("deadline")), sshRules());
    }

    @Test
    void the_dev_profile_starts_from_its_own_launch_template_and_the_pipeline_from_the_shared_one() {
        String dev = (String) devLaunch("203.0.113.7/32").get("instanceId");
        String pipeline = (String) handler.handleRequest(request("launch", "pipeline"), null).get("instanceId");

        Map<String, String> types = fixture.allInstances().stream()
                .collect(java.util.stream.Collectors.toMap(i -> i.instanceId(), i -> i.instanceTypeAsString()));
        assertEquals("t3.xlarge", types.get(dev));
        assertEquals("t3.medium", types.get(pipeline));
    }

    @Test
    void a_second_caller_reusing_the_instance_is_added_and_a_repeat_is_harmless() {
        devLaunch("203.0.113.7/32");
        Map<String, Object> second = devLaunch("198.51.100.8/29");
        Map<String, Object> repeat = devLaunch("198.51.100.8/29");

        assertEquals(true, second.get("reused"));
        assertEquals(true, repeat.get("ok"), repeat.toString());
        assertEquals(List.of("198.51.100.8/29", "203.0.113.7/32"), sshRules().keySet().stream().sorted().toList());
        assertEquals(1, fixture.allInstances().size());
    }

    @Test
    void a_cidr_without_a_configured_dev_group_is_refused_before_anything_starts() {
        LauncherHandler unconfigured = fixture.handler();
        Map<String, Object> launch = request("launch", "dev");
        launch.put("callerCidr", "203.0.113.7/32");

        Map<String, Object> response = unconfigured.handleRequest(launch, null);

        assertEquals(false, response.get("ok"));
        assertEquals("missing_configuration", ((Map<?, ?>) response.get("error")).get("code"));
        assertEquals(0, fixture.allInstances().size());
    }

    @Test
    void the_janitor_closes_our_ssh_rules_once_no_dev_instance_is_left_and_keeps_other_rules() {
        devLaunch("203.0.113.7/32");
        fixture.ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(x -> x.cidrIp("10.0.0.0/16").description("bastion, managed by hand")).build()));

        Map<String, Object> whileAlive = handler.handleRequest(EventFixtures.load("scheduled-event.json"), null);
        handler.handleRequest(request("terminate", "dev"), null);
        Map<String, Object> afterwards = handler.handleRequest(EventFixtures.load("scheduled-event.json"), null);

        assertEquals(List.of(), ((Map<?, ?>) whileAlive.get("janitor")).get("sshRulesRevoked"));
        assertEquals(List.of("203.0.113.7/32"), ((Map<?, ?>) afterwards.get("janitor")).get("sshRulesRevoked"));
        assertEquals(Map.of("10.0.0.0/16", "bastion, managed by hand"), sshRules());
        assertTrue(fixture.aliveInstances("dev").isEmpty());
    }
}
