package dev.sparkflow.launcher.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a direct invocation asks the launcher to do. */
public enum Action {
    LAUNCH, STATUS, TERMINATE;

    /** The action named {@code value} (case-insensitive), or a {@link RequestException} listing the valid ones. */
    public static Action parse(Object value) {
        return parseEnum(Action.class, value, "action", ErrorCode.UNKNOWN_ACTION);
    }

    /** The wire name, e.g. {@code launch}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, Object value, String field, ErrorCode code) {
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
}
