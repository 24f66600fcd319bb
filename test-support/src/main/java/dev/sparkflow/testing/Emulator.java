package dev.sparkflow.testing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The AWS emulator the Java tests run against: moto in server mode (the default) or LocalStack in Docker. */
public enum Emulator {
    /** {@code moto_server} from the repository's venv: no Docker, no account. */
    MOTO("/moto-api/reset"),
    /** LocalStack through Testcontainers: needs a Docker engine and {@code LOCALSTACK_AUTH_TOKEN}. */
    LOCALSTACK("/_localstack/state/reset");

    /** Environment variable choosing the emulator ({@code moto} or {@code localstack}). */
    public static final String ENV = "SPARKFLOW_EMULATOR";
    /** System property choosing the emulator; wins over {@value #ENV} ({@code mvn -Dsparkflow.emulator=...}). */
    public static final String PROPERTY = "sparkflow.emulator";

    private final String resetPath;

    Emulator(String resetPath) {
        this.resetPath = resetPath;
    }

    /** The emulator this JVM's tests run against: {@value #PROPERTY}, else {@value #ENV}, else moto. */
    public static Emulator chosen() {
        return choose(System.getProperty(PROPERTY), System.getenv(ENV));
    }

    /** The emulator named by the system property, else by the environment variable; moto when both are blank. */
    static Emulator choose(String property, String env) {
        String name = property != null && !property.isBlank() ? property : env;
        if (name == null || name.isBlank()) {
            return MOTO;
        }
        return Arrays.stream(values())
                .filter(emulator -> emulator.id().equals(name.strip().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(ENV + "=" + name + " names no emulator: choose "
                        + Arrays.stream(values()).map(Emulator::id).collect(Collectors.joining(" or "))
                        + " (or leave it unset for moto)"));
    }

    /** The name {@value #ENV} takes, e.g. {@code localstack}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The emulator's own HTTP endpoint that clears every service's state in every region (a POST). */
    String resetPath() {
        return resetPath;
    }
}
