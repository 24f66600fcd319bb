package dev.sparkflow.launcher.handler;

import static dev.sparkflow.launcher.handler.LauncherFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.RepeatedTest;

@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConcurrentLaunchTest {
    private static final int CALLERS = 50;

    private final LauncherFixture fixture;

    ConcurrentLaunchTest(MotoServer moto) {
        fixture = new LauncherFixture(moto);
    }

    @RepeatedTest(3)
    void fifty_simultaneous_launches_start_exactly_one_instance_and_forty_nine_are_told_it_is_reused() throws Exception {
        fixture.withInfrastructure();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, Object>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < CALLERS; i++) {
                // Each caller is its own handler instance, as separate Lambda execution environments would be.
                LauncherHandler handler = fixture.handler();
                calls.add(pool.submit(() -> {
                    start.await();
                    return handler.handleRequest(request("launch", "pipeline"), null);
                }));
            }
            start.countDown();
            List<Map<String, Object>> responses = new ArrayList<>();
            for (Future<Map<String, Object>> call : calls) {
                responses.add(call.get(120, TimeUnit.SECONDS));
            }

            assertEquals(1, fixture.allInstances().size(), "instances in the emulator");
            String instanceId = fixture.allInstances().get(0).instanceId();
            assertTrue(responses.stream().allMatch(r -> instanceId.equals(r.get("instanceId"))), responses.toString());
            assertEquals(1, responses.stream().filter(r -> Boolean.FALSE.equals(r.get("reused"))).count());
            assertEquals(CALLERS - 1, responses.stream().filter(r -> Boolean.TRUE.equals(r.get("reused"))).count());
        } finally {
            pool.shutdownNow();
        }
    }
}
