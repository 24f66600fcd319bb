package dev.sparkflow.launcher.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.EventFixtures;
import dev.sparkflow.launcher.service.LauncherConfig;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Files landing in S3 start the pipeline instance, once, however the events arrive. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LandingEventTest {
    private final LauncherFixture fixture;
    private LauncherHandler handler;

    LandingEventTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @BeforeEach
    void createInfrastructure() {
        fixture.withInfrastructure();
        Map<String, String> env = LauncherFixture.environment();
        env.put(LauncherConfig.LAKE_BUCKET, "sparkflow-lake-test");
        handler = fixture.handler(env, java.time.Clock.systemUTC());
    }

    @Test
    void an_s3_notification_under_landing_launches_the_pipeline_instance() {
        Map<String, Object> response = handler.handleRequest(EventFixtures.load("s3-object-created.json"), null);

        assertEquals(true, response.get("ok"), response.toString());
        assertEquals("pipeline", response.get("profile"));
        assertEquals(false, response.get("reused"));
        assertEquals(Map.of("bucket", "sparkflow-lake-test", "objects", 1), response.get("trigger"));
        assertEquals(1, fixture.aliveInstances("pipeline").size());
    }

    @Test
    void a_second_file_reuses_the_running_instance() {
        String first = (String) handler.handleRequest(EventFixtures.load("s3-object-created.json"), null).get("instanceId");
        Map<String, Object> second = handler.handleRequest(EventFixtures.load("eventbridge-object-created.json"), null);

        assertEquals(true, second.get("reused"), second.toString());
        assertEquals(first, second.get("instanceId"));
        assertEquals(1, fixture.allInstances().size());
    }

    @Test
    void an_object_outside_landing_starts_nothing() {
        Map<String, Object> event = EventFixtures.load("s3-object-created.json");
        EventFixtures.at(event, "Records", 0, "s3", "object").put("key", "reports%2Fingest%2Fb1.json");

        Map<String, Object> response = handler.handleRequest(event, null);

        assertEquals(true, response.get("ok"), response.toString());
        assertTrue(String.valueOf(response.get("ignored")).contains("landing/"), response.toString());
        assertEquals(0, fixture.allInstances().size());
    }

    @Test
    void a_ds_store_upload_starts_nothing_and_the_response_says_why() {
        Map<String, Object> event = EventFixtures.load("eventbridge-object-created.json");
        EventFixtures.at(event, "detail", "object").put("key", "landing/transactions/.DS_Store");

        Map<String, Object> response = handler.handleRequest(event, null);

        assertEquals(true, response.get("ok"), response.toString());
        assertTrue(String.valueOf(response.get("ignored")).contains("ignored_files '.DS_Store'"), response.toString());
        assertEquals(0, fixture.allInstances().size());
    }

    @Test
    void a_burst_of_uploads_and_a_direct_launch_at_once_still_give_one_instance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Map<String, Object>>> calls = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                String fixtureName = i % 2 == 0 ? "s3-object-created.json" : "eventbridge-object-created.json";
                calls.add(() -> handler.handleRequest(EventFixtures.load(fixtureName), null));
            }
            calls.add(() -> handler.handleRequest(LauncherFixture.request("launch", "pipeline"), null));
            List<Object> ids = new ArrayList<>();
            for (Future<Map<String, Object>> result : pool.invokeAll(calls)) {
                assertEquals(true, result.get().get("ok"), result.get().toString());
                ids.add(result.get().get("instanceId"));
            }
            assertEquals(1, ids.stream().distinct().count(), ids.toString());
            assertEquals(1, fixture.allInstances().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
