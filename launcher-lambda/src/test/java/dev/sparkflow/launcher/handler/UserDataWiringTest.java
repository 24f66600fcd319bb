package dev.sparkflow.launcher.handler;

import static dev.sparkflow.launcher.handler.LauncherFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.launcher.service.UserData;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Each launch hands EC2 the boot script rendered for that launch: profile, buckets, deadline, key, bundle. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UserDataWiringTest {
    private static final String SHA = "0123456789abcdef".repeat(4);
    private final LauncherFixture fixture;
    private LauncherHandler handler;

    UserDataWiringTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @BeforeEach
    void createInfrastructure() {
        fixture.withInfrastructure();
        handler = fixture.handler();
    }

    @Test
    void a_pipeline_instance_boots_the_bundle_named_by_the_ssm_pointer_with_the_configured_buckets() {
        Map<String, Object> response = handler.handleRequest(request("launch", "pipeline"), null);

        String script = fixture.userData((String) response.get("instanceId"));
        assertTrue(script.startsWith("#!/bin/bash"), script.substring(0, 40));
        assertTrue(script.contains("readonly profile='pipeline'"), script);
        assertTrue(script.contains("readonly lake_bucket='sparkflow-lake-test'"));
        assertTrue(script.contains("readonly artifacts_bucket='sparkflow-artifacts-test'"));
        assertTrue(script.contains("readonly env_name='test'"));
        assertTrue(script.contains("readonly bundle_sha256=''"), "no override: the boot reads the SSM pointer");
        long deadline = java.time.Instant.parse((String) response.get("deadline")).getEpochSecond();
        assertTrue(script.contains("readonly deadline_epoch='" + deadline + "'"), "the deadline the tag carries");
    }

    @Test
    void a_dev_instance_gets_the_callers_public_key_and_a_pipeline_never_does() {
        Map<String, Object> dev = request("launch", "dev");
        String key = "ssh-ed25519 " + SshKeys.ed25519Body() + " me@laptop";
        dev.put("sshPublicKey", key);

        String devScript = fixture.userData((String) handler.handleRequest(dev, null).get("instanceId"));
        String pipelineScript = fixture.userData((String) handler.handleRequest(request("launch", "pipeline"), null).get("instanceId"));

        assertTrue(devScript.contains("'" + key + "'"), devScript);
        assertFalse(pipelineScript.contains(SshKeys.ed25519Body()));
    }

    @Test
    void the_pipeline_powers_off_after_its_own_short_idle_time_and_the_dev_box_after_the_longer_one() {
        String pipeline = fixture.userData((String) handler.handleRequest(request("launch", "pipeline"), null).get("instanceId"));
        String dev = fixture.userData((String) handler.handleRequest(devLaunch(), null).get("instanceId"));

        assertTrue(pipeline.contains("readonly idle_minutes='" + UserData.DEFAULT_PIPELINE_IDLE_MINUTES + "'"), pipeline);
        assertTrue(dev.contains("readonly idle_minutes='" + UserData.DEFAULT_IDLE_MINUTES + "'"), dev);
    }

    @Test
    void the_idle_times_terraform_sets_reach_each_profiles_boot_script() {
        Map<String, String> env = LauncherFixture.environment();
        env.put(LauncherConfig.PIPELINE_IDLE_MINUTES, "3");
        env.put(LauncherConfig.IDLE_MINUTES, "45");
        LauncherHandler configured = fixture.handler(env);

        String pipeline = fixture.userData((String) configured.handleRequest(request("launch", "pipeline"), null).get("instanceId"));
        String dev = fixture.userData((String) configured.handleRequest(devLaunch(), null).get("instanceId"));

        assertTrue(pipeline.contains("readonly idle_minutes='3'"), pipeline);
        assertTrue(dev.contains("readonly idle_minutes='45'"), dev);
    }

    private static Map<String, Object> devLaunch() {
        Map<String, Object> dev = request("launch", "dev");
        dev.put("sshPublicKey", "ssh-ed25519 " + SshKeys.ed25519Body() + " me@laptop");
        return dev;
    }

    @Test
    void a_bundle_in_the_request_is_booted_with_its_checksum_and_tags_the_instance_with_its_version() {
        Map<String, Object> launch = request("launch", "pipeline");
        launch.put("bundle", Map.of("bucket", "sparkflow-artifacts-test", "key", "bundles/abc123/sparkflow-airflow-bundle.zip",
                "sha256", SHA, "version", "abc123"));

        Map<String, Object> response = handler.handleRequest(launch, null);

        assertEquals("abc123", response.get("bundleVersion"), response.toString());
        String script = fixture.userData((String) response.get("instanceId"));
        assertTrue(script.contains("readonly bundle_sha256='" + SHA + "'"));
        assertTrue(script.contains("readonly bundle_key='bundles/abc123/sparkflow-airflow-bundle.zip'"));
    }

    @Test
    void a_bundle_the_boot_cannot_carry_safely_is_refused_and_nothing_starts() {
        Map<String, Object> badChecksum = request("launch", "pipeline");
        badChecksum.put("bundle", Map.of("bucket", "sparkflow-artifacts-test", "key", "bundles/x.zip", "sha256", "abc", "version", "v1"));
        Map<String, Object> traversal = request("launch", "pipeline");
        traversal.put("bundle", Map.of("bucket", "sparkflow-artifacts-test", "key", "bundles/x.zip", "sha256", SHA, "version", ".."));
        Map<String, Object> incomplete = request("launch", "pipeline");
        incomplete.put("bundle", Map.of("bucket", "sparkflow-artifacts-test"));

        for (Map<String, Object> bad : java.util.List.of(badChecksum, traversal, incomplete)) {
            Map<String, Object> response = handler.handleRequest(bad, null);
            assertEquals(false, response.get("ok"), response.toString());
            assertEquals("malformed_request", ((Map<?, ?>) response.get("error")).get("code"));
        }
        assertEquals(0, fixture.allInstances().size());
        Map<String, Object> afterwards = handler.handleRequest(request("launch", "pipeline"), null);
        assertEquals(true, afterwards.get("ok"), "a refused launch must not leave the lock held: " + afterwards);
    }
}
