package dev.sparkflow.launcher.io;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One DynamoDB row per profile saying who may launch and which instance it launched.
 *
 * <p>Why a table and not EC2's ClientToken: a conditional PutItem is atomic in DynamoDB and really implemented
 * by the emulator too (moto evaluates the condition), so "one instance per
 * profile" can be proven under concurrency here.
 * The row carries a lease: while launching, a short one (a crashed launcher frees it soon); once the instance
 * exists, the instance's deadline.
 */
public final class LaunchLock {
    /** Partition key: the profile name. */
    public static final String KEY = "profile";
    private static final String OWNER = "owner";
    private static final String INSTANCE_ID = "instanceId";
    private static final String LEASE_UNTIL = "leaseUntil";

    private final DynamoDbClient dynamo;
    private final String table;

    public LaunchLock(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The row as read: who holds it, the instance (null while launching) and the lease end. */
    public record Holder(String owner, String instanceId, Instant leaseUntil) {
    }

    /** Takes the row for {@code owner} if it is absent or its lease ended; false if someone else holds it. */
    public boolean tryAcquire(String profile, String owner, Instant now, Instant leaseUntil) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(KEY, s(profile), OWNER, s(owner), LEASE_UNTIL, n(leaseUntil)))
                    .conditionExpression("attribute_not_exists(#key) OR #lease < :now")
                    .expressionAttributeNames(Map.of("#key", KEY, "#lease", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Takes the row for a terminate: as {@link #tryAcquire}, and also from a launch that finished (its instance is
     * recorded), but never from a launch still starting its instance; launchers then wait on the row as on a launch.
     */
    public boolean tryAcquireToTerminate(String profile, String owner, Instant now, Instant leaseUntil) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(KEY, s(profile), OWNER, s(owner), LEASE_UNTIL, n(leaseUntil)))
                    .conditionExpression("attribute_not_exists(#key) OR #lease < :now OR attribute_exists(#instance)")
                    .expressionAttributeNames(Map.of("#key", KEY, "#lease", LEASE_UNTIL, "#instance", INSTANCE_ID))
                    .expressionAttributeValues(Map.of(":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records the launched instance on a row {@code owner} still holds, extending the lease to the deadline. */
    public void recordInstance(String profile, String owner, String instanceId, Instant leaseUntil) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of(KEY, s(profile)))
                .updateExpression("SET #instance = :instance, #lease = :lease")
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#instance", INSTANCE_ID, "#lease", LEASE_UNTIL, "#owner", OWNER))
                .expressionAttributeValues(Map.of(":instance", s(instanceId), ":lease", n(leaseUntil), ":owner", s(owner))));
    }

    /** The current row, read consistently. */
    public Optional<Holder> read(String profile) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of(KEY, s(profile))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue instance = item.get(INSTANCE_ID);
        return Optional.of(new Holder(
                item.get(OWNER).s(),
                instance == null ? null : instance.s(),
                Instant.ofEpochSecond(Long.parseLong(item.get(LEASE_UNTIL).n()))));
    }

    /** Deletes the row only if it is still exactly {@code holder} (so a newer launch is never released by mistake). */
    public void release(String profile, Holder holder) {
        try {
            dynamo.deleteItem(r -> r.tableName(table)
                    .key(Map.of(KEY, s(profile)))
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", OWNER))
                    .expressionAttributeValues(Map.of(":owner", s(holder.owner()))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else already released or re-took it: nothing of ours to remove.
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(Instant instant) {
        return AttributeValue.builder().n(Long.toString(instant.getEpochSecond())).build();
    }
}
