package dev.sparkflow.launcher.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherJsonTest {
    private static final InstanceView RUNNING = new InstanceView("dev", "i-0abc", "running", true, "10.0.0.5",
            "203.0.113.9", "2026-11-21T18:00:00Z", "abc123",
            new InstanceView.AirflowAccess("aws ssm start-session --target i-0abc", "http://localhost:8080"),
            "198.51.100.7/32");

    @Test
    void aRequestUsesTheWireNamesAndLeavesAbsentFieldsOut() throws IOException {
        byte[] json = LauncherJson.write(new LaunchRequest(Action.LAUNCH, Profile.DEV, "ssh-ed25519 AAAA x", null, null));

        assertEquals(Map.of("action", "launch", "profile", "dev", "sshPublicKey", "ssh-ed25519 AAAA x"),
                LauncherJson.readMap(json));
    }

    @Test
    void anAnswerIsTheViewsFieldsBesideOk() throws IOException {
        Map<String, Object> wire = LauncherJson.toMap(LauncherResponse.answered(RUNNING));

        assertEquals(List.of("ok", "profile", "instanceId", "state", "reused", "privateAddress", "publicAddress",
                "deadline", "bundleVersion", "airflow", "sshAllowedFrom"), List.copyOf(wire.keySet()));
        assertEquals(LauncherResponse.answered(RUNNING), LauncherJson.readResponse(LauncherJson.write(wire)));
    }

    @Test
    void aRefusalCarriesTheCodesWireNameAndItsMessage() throws IOException {
        LauncherResponse refused = LauncherResponse.refused(ErrorCode.BUNDLE_NOT_PUBLISHED, "no bundle yet");

        assertEquals(Map.of("ok", false, "error", Map.of("code", "bundle_not_published", "message", "no bundle yet")),
                LauncherJson.toMap(refused));
        LauncherResponse read = LauncherJson.readResponse(LauncherJson.write(refused));
        assertFalse(read.ok());
        assertNull(read.instance());
        assertEquals(new Refusal("bundle_not_published", "no bundle yet"), read.error());
    }

    @Test
    void fieldsANewerLauncherAddsAreSkipped() throws IOException {
        LauncherResponse read = LauncherJson.readResponse(bytes(
                "{\"ok\":true,\"profile\":\"dev\",\"state\":\"none\",\"reused\":false,\"cost\":{\"usd\":1}}"));

        assertEquals(InstanceView.none(Profile.DEV), read.instance());
        assertFalse(read.instance().hasInstance());
    }

    @Test
    void aBodyWithoutABooleanOkIsNotAResponse() {
        assertThrows(IOException.class, () -> LauncherJson.readResponse(bytes("{\"profile\":\"dev\"}")));
        assertThrows(IOException.class, () -> LauncherJson.readResponse(bytes("{\"ok\":\"yes\"}")));
        assertThrows(IOException.class, () -> LauncherJson.readResponse(bytes("[true]")));
        assertThrows(IOException.class, () -> LauncherJson.readResponse(bytes("Task timed out")));
    }

    @Test
    void aViewNamesAnInstanceOnlyWhenItHasOneThatIsNotNone() {
        assertTrue(RUNNING.hasInstance());
        assertFalse(InstanceView.none(Profile.PIPELINE).hasInstance());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
