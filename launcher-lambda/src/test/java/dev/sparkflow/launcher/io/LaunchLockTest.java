package dev.sparkflow.launcher.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LaunchLockTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final DynamoDbClient dynamo;
    private LaunchLock lock;

    LaunchLockTest(MotoServer moto) {
        dynamo = moto.configure(DynamoDbClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @BeforeEach
    void createTable() {
        dynamo.createTable(r -> r.tableName("lock").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(LaunchLock.KEY).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(LaunchLock.KEY).keyType(KeyType.HASH)));
        lock = new LaunchLock(dynamo, "lock");
    }

    @Test
    void a_held_lease_refuses_a_second_owner() {
        assertTrue(lock.tryAcquire("pipeline", "first", NOW, NOW.plus(LEASE)));

        assertFalse(lock.tryAcquire("pipeline", "second", NOW.plusSeconds(1), NOW.plus(LEASE)));
        assertEquals("first", lock.read("pipeline").orElseThrow().owner());
    }

    @Test
    void a_lease_that_ended_can_be_taken_over() {
        lock.tryAcquire("pipeline", "crashed", NOW, NOW.plus(LEASE));

        Instant later = NOW.plus(LEASE).plusSeconds(1);
        assertTrue(lock.tryAcquire("pipeline", "next", later, later.plus(LEASE)));
        assertEquals("next", lock.read("pipeline").orElseThrow().owner());
    }

    @Test
    void each_profile_has_its_own_row() {
        assertTrue(lock.tryAcquire("pipeline", "a", NOW, NOW.plus(LEASE)));
        assertTrue(lock.tryAcquire("dev", "b", NOW, NOW.plus(LEASE)));
    }

    @Test
    void recording_the_instance_keeps_the_owner_and_extends_the_lease_to_the_deadline() {
        lock.tryAcquire("pipeline", "owner", NOW, NOW.plus(LEASE));
        Instant deadline = NOW.plus(Duration.ofHours(6));

        lock.recordInstance("pipeline", "owner", "i-0123456789abcdef0", deadline);

        assertEquals(new LaunchLock.Holder("owner", "i-0123456789abcdef0", deadline), lock.read("pipeline").orElseThrow());
    }

    @Test
    void a_stale_holder_cannot_release_a_newer_owners_row() {
        lock.tryAcquire("pipeline", "old", NOW, NOW.plus(LEASE));
        LaunchLock.Holder stale = lock.read("pipeline").orElseThrow();
        Instant later = NOW.plus(LEASE).plusSeconds(1);
        lock.tryAcquire("pipeline", "new", later, later.plus(LEASE));

        lock.release("pipeline", stale);

        assertEquals("new", lock.read("pipeline").orElseThrow().owner());
    }
}
