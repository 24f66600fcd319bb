package dev.sparkflow.launcher.model;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.LaunchRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What woke the function: a direct request, files landing in S3, the janitor's schedule, or something to ignore. */
public sealed interface InboundEvent {
    /** The lake prefix whose new objects start the pipeline (lake.yml's landing zone). */
    String LANDING_PREFIX = Lake.LAYOUT.landingKeyPrefix();

    /** A direct invocation {@code {"action":…,"profile":…}}. */
    record Direct(LaunchRequest request) implements InboundEvent {
    }

    /** New objects under {@code landing/} (S3 notification or EventBridge "Object Created"). */
    record Landed(String bucket, List<String> keys) implements InboundEvent {
    }

    /** An EventBridge schedule tick: run the janitor. */
    record Scheduled(String time) implements InboundEvent {
    }

    /**
     * A well-formed event that asks for nothing, e.g. an object outside {@code landing/} or one that is not data
     * (lake.yml's ignored_files); the reason is logged.
     */
    record Ignored(String reason) implements InboundEvent {
    }

    /**
     * Classifies a raw event by its shape; a direct request is validated here, an unknown shape is refused.
     *
     * @param lakeBucket the only bucket whose objects count, or null to accept any (local runs)
     */
    static InboundEvent classify(Map<String, Object> event, String lakeBucket) {
        if (event == null) {
            throw new RequestException(ErrorCode.MALFORMED_REQUEST, "the request is empty; expected {\"action\":…,\"profile\":…}");
        }
        if (event.get("Records") instanceof List<?>) {
            return fromS3Notification(LambdaEvents.s3(event), lakeBucket);
        }
        if (event.get("source") != null && event.get("detail-type") != null) {
            return fromEventBridge(LambdaEvents.eventBridge(event), lakeBucket);
        }
        return new Direct(DirectRequest.fromEvent(event));
    }

    private static InboundEvent fromEventBridge(ScheduledEvent event, String lakeBucket) {
        String source = event.getSource();
        String detailType = event.getDetailType();
        if ("aws.events".equals(source) && "Scheduled Event".equals(detailType)) {
            return new Scheduled(event.getTime() == null ? null : Instant.ofEpochMilli(event.getTime().getMillis()).toString());
        }
        if ("aws.s3".equals(source) && "Object Created".equals(detailType)) {
            return fromObjectCreated(event.getDetail(), lakeBucket);
        }
        return new Ignored("EventBridge event " + source + " / " + detailType + " is not one the launcher handles");
    }

    private static InboundEvent fromS3Notification(S3EventNotification notification, String lakeBucket) {
        String bucket = null;
        List<String> keys = new ArrayList<>();
        List<String> notData = new ArrayList<>();
        List<String> unsafe = new ArrayList<>();
        for (S3EventNotificationRecord record : notification.getRecords()) {
            if (record == null || !"aws:s3".equals(record.getEventSource())) {
                throw new RequestException(ErrorCode.MALFORMED_REQUEST, "only S3 notification records are accepted");
            }
            S3Entity s3 = present(record.getS3(), "Records[].s3");
            String name = text(present(s3.getBucket(), "Records[].s3.bucket").getName(), "Records[].s3.bucket.name");
            S3ObjectEntity object = present(s3.getObject(), "Records[].s3.object");
            text(object.getKey(), "Records[].s3.object.key");
            // Notification keys are URL-encoded with '+' for spaces.
            String key = object.getUrlDecodedKey();
            if (String.valueOf(record.getEventName()).startsWith("ObjectCreated:") && inLanding(name, key, lakeBucket)) {
                Optional<String> rule = notDataRule(key);
                Optional<String> unsafeBy = LandingKey.unsafe(key.substring(LANDING_PREFIX.length()));
                if (rule.isPresent()) {
                    notData.add(key + " (" + rule.get() + ")");
                } else if (unsafeBy.isPresent()) {
                    unsafe.add(key + " (" + unsafeBy.get() + ")");
                } else {
                    bucket = name;
                    keys.add(key);
                }
            }
        }
        if (!keys.isEmpty()) {
            return new Landed(bucket, List.copyOf(keys));
        }
        if (!unsafe.isEmpty()) {
            return new Ignored("nothing new under " + LANDING_PREFIX + " is data: " + unsafeKeys(String.join(", ", unsafe))
                    + (notData.isEmpty() ? "" : "; lake.yml ignored_files matches " + String.join(", ", notData)));
        }
        return new Ignored(notData.isEmpty() ? "no new object under " + LANDING_PREFIX + " in the notification"
                : "nothing new under " + LANDING_PREFIX + " is data: lake.yml ignored_files matches "
                        + String.join(", ", notData));
    }

    private static InboundEvent fromObjectCreated(Map<String, Object> detail, String lakeBucket) {
        Map<?, ?> present = object(detail, "detail");
        String bucket = text(object(present.get("bucket"), "detail.bucket").get("name"), "detail.bucket.name");
        // EventBridge delivers the key as stored, not URL-encoded.
        String key = text(object(present.get("object"), "detail.object").get("key"), "detail.object.key");
        if (!inLanding(bucket, key, lakeBucket)) {
            return new Ignored("s3://" + bucket + "/" + key + " is not under " + LANDING_PREFIX + " of the lake bucket");
        }
        Optional<String> rule = notDataRule(key);
        Optional<String> unsafeBy = LandingKey.unsafe(key.substring(LANDING_PREFIX.length()));
        if (rule.isEmpty() && unsafeBy.isPresent()) {
            return new Ignored("s3://" + bucket + "/" + key + " is not data: " + unsafeKeys(unsafeBy.get()));
        }
        return rule.isEmpty() ? new Landed(bucket, List.of(key)) : new Ignored("s3://" + bucket + "/" + key
                + " is not data: it matches lake.yml ignored_files '" + rule.get() + "'");
    }

    private static String unsafeKeys(String what) {
        return "an unsafe key, which no reader takes (" + what + ")";
    }

    /** Whether an object is in the lake's landing zone (any bucket when none is configured). */
    private static boolean inLanding(String bucket, String key, String lakeBucket) {
        return (lakeBucket == null || lakeBucket.equals(bucket)) && key.startsWith(LANDING_PREFIX);
    }

    /** The ignored_files entry a landing key matches (folder markers, .DS_Store, partial uploads, ...), if any. */
    private static Optional<String> notDataRule(String key) {
        return Lake.LAYOUT.ignoredBy(key.substring(LANDING_PREFIX.length()));
    }

    private static Map<?, ?> object(Object value, String field) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'" + field + "' must be an object");
    }

    private static <T> T present(T value, String field) {
        if (value == null) {
            throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'" + field + "' must be an object");
        }
        return value;
    }

    private static String text(Object value, String field) {
        if (value instanceof String string && !string.isEmpty()) {
            return string;
        }
        throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'" + field + "' must be a non-empty string");
    }
}
