package dev.sparkflow.launcher.model;

import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.LaunchRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
        if (event.get("Records") instanceof List<?> records) {
            return fromS3Notification(records, lakeBucket);
        }
        Object source = event.get("source");
        Object detailType = event.get("detail-type");
        if ("aws.events".equals(source) && "Scheduled Event".equals(detailType)) {
            return new Scheduled(String.valueOf(event.get("time")));
        }
        if ("aws.s3".equals(source) && "Object Created".equals(detailType)) {
            return fromEventBridge(event, lakeBucket);
        }
        if (source != null && detailType != null) {
            return new Ignored("EventBridge event " + source + " / " + detailType + " is not one the launcher handles");
        }
        return new Direct(DirectRequest.fromEvent(event));
    }

    private static InboundEvent fromS3Notification(List<?> records, String lakeBucket) {
        String bucket = null;
        List<String> keys = new ArrayList<>();
        List<String> notData = new ArrayList<>();
        List<String> unsafe = new ArrayList<>();
        for (Object item : records) {
            Map<?, ?> record = object(item, "Records[]");
            if (!"aws:s3".equals(record.get("eventSource"))) {
                throw new RequestException(ErrorCode.MALFORMED_REQUEST, "only S3 notification records are accepted");
            }
            String eventName = String.valueOf(record.get("eventName"));
            Map<?, ?> s3 = object(record.get("s3"), "Records[].s3");
            String name = text(object(s3.get("bucket"), "Records[].s3.bucket").get("name"), "Records[].s3.bucket.name");
            // Notification keys are URL-encoded with '+' for spaces.
            String key = URLDecoder.decode(text(object(s3.get("object"), "Records[].s3.object").get("key"),
                    "Records[].s3.object.key"), StandardCharsets.UTF_8);
            if (eventName.startsWith("ObjectCreated:") && inLanding(name, key, lakeBucket)) {
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

    private static InboundEvent fromEventBridge(Map<String, Object> event, String lakeBucket) {
        Map<?, ?> detail = object(event.get("detail"), "detail");
        String bucket = text(object(detail.get("bucket"), "detail.bucket").get("name"), "detail.bucket.name");
        // EventBridge delivers the key as stored, not URL-encoded.
        String key = text(object(detail.get("object"), "detail.object").get("key"), "detail.object.key");
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

    private static String text(Object value, String field) {
        if (value instanceof String string && !string.isEmpty()) {
            return string;
        }
        throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'" + field + "' must be a non-empty string");
    }
}
