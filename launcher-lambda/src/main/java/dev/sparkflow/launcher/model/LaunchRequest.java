package dev.sparkflow.launcher.model;

import java.util.Map;

/** A validated direct invocation: {@code {"action":…,"profile":…,"sshPublicKey":…,"callerCidr":…}}. */
public record LaunchRequest(Action action, Profile profile, String sshPublicKey, String callerCidr) {

    /** Parses and validates a raw event; throws {@link RequestException} on the first problem found. */
    public static LaunchRequest fromEvent(Map<String, Object> event) {
        if (event == null) {
            throw new RequestException(ErrorCode.MALFORMED_REQUEST, "the request is empty; expected {\"action\":…,\"profile\":…}");
        }
        Action action = Action.parse(event.get("action"));
        Profile profile = Profile.parse(event.get("profile"));
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
        return new LaunchRequest(action, profile, key == null ? null : key.trim(), cidr == null ? null : cidr.trim());
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
