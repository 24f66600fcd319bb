package dev.sparkflow.launcher.model;

import java.util.Map;

/**
 * A validated direct invocation: {@code {"action":…,"profile":…,"sshPublicKey":…,"callerCidr":…,"bundle":{…}}};
 * {@code bundle} ({@code bucket, key, sha256, version}) boots that bundle instead of the SSM pointer's.
 */
public record LaunchRequest(Action action, Profile profile, String sshPublicKey, String callerCidr, BundleRef bundle) {

    /** A bundle named by the request; its values are checked when the user-data is rendered. */
    public record BundleRef(String bucket, String key, String sha256, String version) {
    }

    /** A request without dev options or bundle override. */
    public LaunchRequest(Action action, Profile profile) {
        this(action, profile, null, null, null);
    }

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
        BundleRef bundle = null;
        if (event.get("bundle") != null) {
            if (!(event.get("bundle") instanceof Map<?, ?> fields)) {
                throw new RequestException(ErrorCode.MALFORMED_REQUEST, "'bundle' must be an object {bucket, key, sha256, version}");
            }
            bundle = new BundleRef(bundleText(fields, "bucket"), bundleText(fields, "key"), bundleText(fields, "sha256"),
                    bundleText(fields, "version"));
        }
        return new LaunchRequest(action, profile, key == null ? null : key.trim(), cidr == null ? null : cidr.trim(), bundle);
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
