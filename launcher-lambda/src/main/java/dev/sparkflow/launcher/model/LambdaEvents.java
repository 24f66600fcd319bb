package dev.sparkflow.launcher.model;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.launcher.api.ErrorCode;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.tz.UTCProvider;

/**
 * The raw event map read into aws-lambda-java-events' types (S3 notification, EventBridge envelope).
 *
 * <p>Why mix-ins: the library's types carry no Jackson annotations (the Lambda runtime binds them with its own
 * serializer, which the handler does not use: one Map entry point serves several event kinds). The mix-ins give the
 * constructor-only S3 classes their JSON names, the EventBridge envelope its {@code detail-type}, and joda-time's
 * DateTime (the types' time fields) its ISO-8601 parser; entities the launcher never reads are skipped.
 */
final class LambdaEvents {
    /** joda-time's zone provider setting, read once when joda first needs a zone. */
    private static final String JODA_ZONE_PROVIDER = "org.joda.time.DateTimeZone.Provider";

    static {
        // The jar leaves joda's zone data out (pom.xml): event times carry their offset and Lambda runs in UTC. Without
        // this a JVM in another zone (a local run) prints joda's missing-data stack trace before falling back to UTC.
        if (System.getProperty(JODA_ZONE_PROVIDER) == null) {
            System.setProperty(JODA_ZONE_PROVIDER, UTCProvider.class.getName());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(S3EventNotification.class, Notification.class)
            .addMixIn(S3EventNotificationRecord.class, NotificationRecord.class)
            .addMixIn(S3Entity.class, Entity.class)
            .addMixIn(S3BucketEntity.class, Bucket.class)
            .addMixIn(S3ObjectEntity.class, StoredObject.class)
            .addMixIn(ScheduledEvent.class, EventBridgeEnvelope.class)
            .addMixIn(DateTime.class, IsoTime.class);

    private LambdaEvents() {
    }

    /** An S3 notification ({@code {"Records":[…]}}); a record of the wrong shape is refused. */
    static S3EventNotification s3(Map<String, Object> event) {
        return read(event, S3EventNotification.class, "Records");
    }

    /** An EventBridge event (the library's ScheduledEvent is its generic envelope: source, detail-type, detail). */
    static ScheduledEvent eventBridge(Map<String, Object> event) {
        return read(event, ScheduledEvent.class, "the EventBridge event");
    }

    private static <T> T read(Map<String, Object> event, Class<T> type, String what) {
        try {
            return JSON.convertValue(event, type);
        } catch (IllegalArgumentException e) {
            throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'" + what + "' has the wrong shape: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private abstract static class Notification {
        @JsonCreator
        Notification(@JsonProperty("Records") List<S3EventNotificationRecord> records) {
        }
    }

    @JsonIgnoreProperties({"requestParameters", "responseElements", "userIdentity"})
    private abstract static class NotificationRecord {
        @JsonCreator
        NotificationRecord(@JsonProperty("awsRegion") String awsRegion, @JsonProperty("eventName") String eventName,
                @JsonProperty("eventSource") String eventSource, @JsonProperty("eventTime") String eventTime,
                @JsonProperty("eventVersion") String eventVersion,
                @JsonProperty("requestParameters") S3EventNotification.RequestParametersEntity requestParameters,
                @JsonProperty("responseElements") S3EventNotification.ResponseElementsEntity responseElements,
                @JsonProperty("s3") S3Entity s3, @JsonProperty("userIdentity") S3EventNotification.UserIdentityEntity user) {
        }
    }

    private abstract static class Entity {
        @JsonCreator
        Entity(@JsonProperty("configurationId") String configurationId, @JsonProperty("bucket") S3BucketEntity bucket,
                @JsonProperty("object") S3ObjectEntity object, @JsonProperty("s3SchemaVersion") String schemaVersion) {
        }
    }

    @JsonIgnoreProperties({"ownerIdentity"})
    private abstract static class Bucket {
        @JsonCreator
        Bucket(@JsonProperty("name") String name,
                @JsonProperty("ownerIdentity") S3EventNotification.UserIdentityEntity ownerIdentity,
                @JsonProperty("arn") String arn) {
        }
    }

    private abstract static class StoredObject {
        @JsonCreator
        StoredObject(@JsonProperty("key") String key, @JsonProperty("size") Long size, @JsonProperty("eTag") String eTag,
                @JsonProperty("versionId") String versionId, @JsonProperty("sequencer") String sequencer) {
        }
    }

    private abstract static class EventBridgeEnvelope {
        @JsonProperty("detail-type")
        abstract void setDetailType(String detailType);
    }

    private abstract static class IsoTime {
        @JsonCreator
        static DateTime parse(String iso) {
            return DateTime.parse(iso);
        }
    }
}
