package dev.sparkflow.launcher.model;

import dev.sparkflow.launcher.api.Action;
import dev.sparkflow.launcher.api.ErrorCode;
import dev.sparkflow.launcher.api.LaunchRequest;
import dev.sparkflow.launcher.api.Profile;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads and validates a direct invocation's raw event into a {@link LaunchRequest} (the wire record of launcher-api). */
public final class DirectRequest {
    private DirectRequest() {
    }

    /** Parses and validates a raw event; throws {@link RequestException} on the first problem found. */
    public static LaunchRequest fromEvent(Map<String, Object> event) {
        if (event == null) {
            throw new RequestException(ErrorCode.MALFORMED_REQUEST, "the request is empty; expected {\"action\":…,\"profile\":…}");
        }
        Action action = action(event.get("action"));
        Profile profile = profile(event.get("profile"));
        String key = optionalText(event, "sshPublicKey");
        String cidr = optionalText(event, "callerCidr");
        if (key != null) {
            if (profile != Profile.DEV) {
                throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'sshPublicKey' is only accepted for the dev profile");
            }
            SshPublicKey.validate(key);
        }
        if (cidr != null) {
            if (profile != Profile.DEV) {
                throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'callerCidr' is only accepted for the dev profile");
            }
            Cidr.validate(cidr);
        }
        LaunchRequest.BundleRef bundle = null;
        if (event.get("bundle") != null) {
            if (!(event.get("bundle") instanceof Map<?, ?> fields)) {
                throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'bundle' must be an object {bucket, key, sha256, version}");
            }
            bundle = new LaunchRequest.BundleRef(bundleText(fields, "bucket"), bundleText(fields, "key"),
                    bundleText(fields, "sha256"), bundleText(fields, "version"));
        }
        return new LaunchRequest(action, profile, key == null ? null : key.trim(), cidr == null ? null : cidr.trim(), bundle);
    }

    /** The action named {@code value} (case-insensitive), or a {@link RequestException} listing the valid ones. */
    public static Action action(Object value) {
        return parseEnum(Action.class, value, "action", ErrorCode.UNKNOWN_ACTION);
    }

    /** The profile named {@code value} (case-insensitive), or a {@link RequestException} listing the valid ones. */
    public static Profile profile(Object value) {
        return parseEnum(Profile.class, value, "profile", ErrorCode.UNKNOWN_PROFILE);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, Object value, String field, ErrorCode code) {
        String valid = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        if (value == null || (value instanceof String blank && blank.isBlank())) {
            throw new RequestException(code, "'" + field + "' is required; one of: " + valid);
        }
        if (!(value instanceof String text)) {
            throw new RequestException(code, "'" + field + "' must be a string; one of: " + valid);
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        throw new RequestException(code, "unknown " + field + " '" + text + "'; expected one of: " + valid);
    }

    private static String bundleText(Map<?, ?> fields, String field) {
        if (fields.get(field) instanceof String text && !text.isBlank()) {
            return text.trim();
        }
        throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'bundle." + field + "' must be a non-empty string");
    }

    private static String optionalText(Map<String, Object> event, String field) {
        Object value = event.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'" + field + "' must be a string");
        }
        return text;
    }
}
