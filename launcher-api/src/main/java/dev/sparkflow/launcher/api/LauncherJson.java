package dev.sparkflow.launcher.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * The wire's one JSON mapping: absent values are left out on write, and fields a reader does not know are skipped
 * (a newer launcher may add some).
 */
public final class LauncherJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private LauncherJson() {
    }

    /** {@code value} as UTF-8 JSON. */
    public static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as the JSON object a Lambda handler returns (the runtime writes the map). */
    public static Map<String, Object> toMap(Object value) {
        return JSON.convertValue(value, MAP_TYPE);
    }

    /** A JSON object, e.g. the event a Lambda runtime hands to a handler. */
    public static Map<String, Object> readMap(byte[] json) throws IOException {
        return JSON.readValue(json, MAP_TYPE);
    }

    /**
     * The launcher's answer; an {@link IOException} when {@code json} is not a JSON object with a boolean {@code ok}.
     * (Jackson 2.15 cannot read an unwrapped record component, so the view is read from the same object here.)
     */
    public static LauncherResponse readResponse(byte[] json) throws IOException {
        JsonNode tree = JSON.readTree(json);
        if (!(tree instanceof ObjectNode object) || !object.path("ok").isBoolean()) {
            throw new IOException("not a launcher response: no boolean 'ok' field");
        }
        if (!object.get("ok").booleanValue()) {
            Refusal error = object.hasNonNull("error") ? JSON.treeToValue(object.get("error"), Refusal.class) : null;
            return new LauncherResponse(false, null, error);
        }
        ObjectNode view = object.deepCopy();
        view.remove("ok");
        view.remove("error");
        return new LauncherResponse(true, JSON.treeToValue(view, InstanceView.class), null);
    }
}
