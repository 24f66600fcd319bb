package dev.sparkflow.launcher.api;

/**
 * Why the launcher refused a request: the {@link ErrorCode}'s wire name and a sentence for people. The code stays a
 * string so a client reads codes added after it was built.
 */
public record Refusal(String code, String message) {

    /** The refusal for {@code code}. */
    public static Refusal of(ErrorCode code, String message) {
        return new Refusal(code.wireName(), message);
    }
}
