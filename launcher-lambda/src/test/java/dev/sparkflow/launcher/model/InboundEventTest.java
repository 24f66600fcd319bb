package dev.sparkflow.launcher.model;

import static dev.sparkflow.launcher.EventFixtures.at;
import static dev.sparkflow.launcher.EventFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.testing.LandedNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InboundEventTest {
    private static final String LAKE = "sparkflow-lake-test";

    @Test
    void an_s3_notification_under_landing_is_a_landing_with_its_key_url_decoded() {
        InboundEvent event = InboundEvent.classify(load("s3-object-created.json"), LAKE);

        InboundEvent.Landed landed = assertInstanceOf(InboundEvent.Landed.class, event);
        assertEquals(LAKE, landed.bucket());
        assertEquals(List.of("landing/transactions/hausbank/Umsätze Oktober 2026.csv"), landed.keys());
    }

    @Test
    void an_eventbridge_object_created_under_landing_is_a_landing_with_its_key_as_stored() {
        InboundEvent event = InboundEvent.classify(load("eventbridge-object-created.json"), LAKE);

        InboundEvent.Landed landed = assertInstanceOf(InboundEvent.Landed.class, event);
        assertEquals(List.of("landing/transactions/cardco/statement 2026-10.csv"), landed.keys());
    }

    @Test
    void a_scheduled_event_runs_the_janitor() {
        InboundEvent event = InboundEvent.classify(load("scheduled-event.json"), LAKE);

        assertEquals("2026-11-21T09:00:00Z", assertInstanceOf(InboundEvent.Scheduled.class, event).time());
    }

    @Test
    void objects_outside_landing_folder_markers_and_other_buckets_are_ignored_not_launched() {
        for (String key : List.of("raw/transactions/x.csv", "landing/transactions/", "landingzone/x.csv")) {
            Map<String, Object> s3 = load("s3-object-created.json");
            at(s3, "Records", 0, "s3", "object").put("key", key);
            assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(s3, LAKE), key);
        }
        Map<String, Object> otherBucket = load("eventbridge-object-created.json");
        at(otherBucket, "detail", "bucket").put("name", "someone-elses-bucket");
        assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(otherBucket, LAKE));
    }

    @Test
    void a_landed_object_that_is_not_data_is_ignored_with_the_lake_yml_entry_named() {
        for (LandedNames.Example junk : LandedNames.ignored()) {
            String key = "landing/" + junk.path();
            Map<String, Object> s3 = load("s3-object-created.json");
            at(s3, "Records", 0, "s3", "object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
            Map<String, Object> eventBridge = load("eventbridge-object-created.json");
            at(eventBridge, "detail", "object").put("key", key);

            InboundEvent.Ignored notified = assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(s3, LAKE), key);
            InboundEvent.Ignored bridged = assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(eventBridge, LAKE), key);
            assertTrue(notified.reason().contains(key + " (" + junk.rule() + ")"), notified.reason());
            assertTrue(bridged.reason().endsWith("is not data: it matches lake.yml ignored_files '" + junk.rule() + "'"),
                    bridged.reason());
        }
    }

    @Test
    void every_other_landed_file_starts_the_pipeline_whatever_its_name_starts_with() {
        for (LandedNames.Example file : LandedNames.examples().stream().filter(e -> !e.ignored()).toList()) {
            Map<String, Object> eventBridge = load("eventbridge-object-created.json");
            at(eventBridge, "detail", "object").put("key", "landing/" + file.path());

            InboundEvent.Landed landed = assertInstanceOf(InboundEvent.Landed.class, InboundEvent.classify(eventBridge, LAKE),
                    file.path());
            assertEquals(List.of("landing/" + file.path()), landed.keys());
        }
    }

    @Test
    void a_landed_key_with_dot_dot_or_other_path_tricks_starts_nothing() {
        for (String path : List.of("transactions/../../reports/ingest/x.json", "../raw/x.csv", "transactions/./a.csv",
                "transactions//a.csv", "/transactions/a.csv", "transactions/..", "transactions\\..\\a.csv",
                "transactions/a\u0000.csv")) {
            String key = "landing/" + path;
            Map<String, Object> s3 = load("s3-object-created.json");
            at(s3, "Records", 0, "s3", "object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
            Map<String, Object> eventBridge = load("eventbridge-object-created.json");
            at(eventBridge, "detail", "object").put("key", key);

            InboundEvent.Ignored notified = assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(s3, LAKE), key);
            InboundEvent.Ignored bridged = assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(eventBridge, LAKE), key);
            assertTrue(notified.reason().contains("unsafe key"), notified.reason());
            assertTrue(bridged.reason().contains("unsafe key"), bridged.reason());
        }
    }

    @Test
    void a_notification_with_junk_and_a_file_keeps_only_the_file() {
        Map<String, Object> s3 = load("s3-object-created.json");
        at(s3, "Records", 0, "s3", "object").put("key", "landing/transactions/.DS_Store");
        @SuppressWarnings("unchecked")
        List<Object> records = (List<Object>) s3.get("Records");
        Map<String, Object> file = load("s3-object-created.json");
        at(file, "Records", 0, "s3", "object").put("key", "landing/transactions/_march.csv");
        records.add(at(file, "Records", 0));

        InboundEvent.Landed landed = assertInstanceOf(InboundEvent.Landed.class, InboundEvent.classify(s3, LAKE));
        assertEquals(List.of("landing/transactions/_march.csv"), landed.keys());
    }

    @Test
    void without_a_configured_lake_bucket_any_bucket_counts() {
        Map<String, Object> otherBucket = load("eventbridge-object-created.json");
        at(otherBucket, "detail", "bucket").put("name", "local-lake");
        assertInstanceOf(InboundEvent.Landed.class, InboundEvent.classify(otherBucket, null));
    }

    @Test
    void a_removal_notification_is_ignored() {
        Map<String, Object> s3 = load("s3-object-created.json");
        at(s3, "Records", 0).put("eventName", "ObjectRemoved:Delete");
        assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(s3, LAKE));
    }

    @Test
    void a_batch_of_records_keeps_only_the_landing_objects() {
        Map<String, Object> s3 = load("s3-object-created.json");
        @SuppressWarnings("unchecked")
        List<Object> records = (List<Object>) s3.get("Records");
        Map<String, Object> second = load("s3-object-created.json");
        at(second, "Records", 0, "s3", "object").put("key", "reports/ingest/b1.json");
        Map<String, Object> third = load("s3-object-created.json");
        at(third, "Records", 0, "s3", "object").put("key", "landing/balances/b.csv");
        records.add(at(second, "Records", 0));
        records.add(at(third, "Records", 0));

        InboundEvent.Landed landed = assertInstanceOf(InboundEvent.Landed.class, InboundEvent.classify(s3, LAKE));
        assertEquals(2, landed.keys().size());
        assertTrue(landed.keys().contains("landing/balances/b.csv"));
    }

    @Test
    void other_eventbridge_events_are_ignored_with_their_source_named() {
        Map<String, Object> event = load("scheduled-event.json");
        event.put("source", "aws.ec2");
        event.put("detail-type", "EC2 Instance State-change Notification");

        InboundEvent.Ignored ignored = assertInstanceOf(InboundEvent.Ignored.class, InboundEvent.classify(event, LAKE));
        assertTrue(ignored.reason().contains("aws.ec2"), ignored.reason());
    }

    @Test
    void malformed_notifications_are_refused_with_the_field_named() {
        Map<String, Object> noKey = load("s3-object-created.json");
        at(noKey, "Records", 0, "s3", "object").remove("key");
        RequestException missing = assertThrows(RequestException.class, () -> InboundEvent.classify(noKey, LAKE));
        assertEquals(ErrorCode.MALFORMED_REQUEST, missing.code());
        assertTrue(missing.getMessage().contains("Records[].s3.object.key"), missing.getMessage());

        Map<String, Object> sqs = load("s3-object-created.json");
        at(sqs, "Records", 0).put("eventSource", "aws:sqs");
        assertThrows(RequestException.class, () -> InboundEvent.classify(sqs, LAKE));

        Map<String, Object> records = Map.of("Records", new ArrayList<>(List.of("not an object")));
        assertThrows(RequestException.class, () -> InboundEvent.classify(records, LAKE));

        Map<String, Object> s3NotAnObject = load("s3-object-created.json");
        at(s3NotAnObject, "Records", 0).put("s3", "landing/x.csv");
        assertEquals(ErrorCode.MALFORMED_REQUEST,
                assertThrows(RequestException.class, () -> InboundEvent.classify(s3NotAnObject, LAKE)).code());
    }

    @Test
    void an_object_created_event_without_its_detail_is_refused_with_the_field_named() {
        Map<String, Object> event = load("eventbridge-object-created.json");
        event.remove("detail");

        RequestException refused = assertThrows(RequestException.class, () -> InboundEvent.classify(event, LAKE));
        assertTrue(refused.getMessage().contains("'detail'"), refused.getMessage());
    }

    @Test
    void a_direct_request_is_validated_as_before() {
        InboundEvent event = InboundEvent.classify(Map.of("action", "status", "profile", "dev"), LAKE);
        assertEquals(Action.STATUS, assertInstanceOf(InboundEvent.Direct.class, event).request().action());
        assertThrows(RequestException.class, () -> InboundEvent.classify(Map.of("action", "explode", "profile", "dev"), LAKE));
    }
}
