package dev.sparkflow.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Real-shaped Lambda events from src/test/resources/events, as the runtime hands them to a Map handler. */
public final class EventFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFixtures() {
    }

    /** The event in {@code events/<name>}, freshly parsed (tests may edit it). */
    public static Map<String, Object> load(String name) {
        try (InputStream in = EventFixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no event fixture " + name);
            }
            return JSON.readValue(in, new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows a path of map keys and list indexes, e.g. {@code at(event, "Records", 0, "s3", "object")}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> at(Map<String, Object> event, Object... path) {
        Object node = event;
        for (Object step : path) {
            node = step instanceof Integer index ? ((java.util.List<Object>) node).get(index) : ((Map<String, Object>) node).get(step);
        }
        return (Map<String, Object>) node;
    }
}
