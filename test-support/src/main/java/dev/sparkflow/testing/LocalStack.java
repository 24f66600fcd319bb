package dev.sparkflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in Docker through Testcontainers: one container per test JVM, started by the first test class that asks
 * and stopped when the JVM exits (Testcontainers' reaper removes it even after a kill). Each class that joins it
 * starts from a reset state, as each class gets a fresh moto.
 */
final class LocalStack implements RunningEmulator {
    /** Environment variable holding the LocalStack account's auth token; its images start only with one. */
    static final String AUTH_TOKEN_ENV = "LOCALSTACK_AUTH_TOKEN";
    /** Environment variable naming another LocalStack image (e.g. a newer tag) than {@link #DEFAULT_IMAGE}. */
    static final String IMAGE_ENV = "SPARKFLOW_LOCALSTACK_IMAGE";
    /** The image pinned for the tests. */
    static final String DEFAULT_IMAGE = "localstack/localstack-pro:4.9";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static LocalStack shared;
    private static IllegalStateException sharedFailure;

    private final LocalStackContainer container;
    private final Path logFile;

    private LocalStack(LocalStackContainer container, Path logFile) {
        this.container = container;
        this.logFile = logFile;
    }

    /** The JVM's container, started on the first call; a failed start fails every later call the same way. */
    static synchronized LocalStack shared(Path logFile) {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                shared = start(logFile, System.getenv(AUTH_TOKEN_ENV), System.getenv(IMAGE_ENV),
                        () -> DockerClientFactory.instance().isDockerAvailable());
            } catch (IllegalStateException failure) {
                sharedFailure = failure;
                throw failure;
            }
            LocalStack started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started.container::stop, "localstack-stopper"));
        }
        return shared;
    }

    /** Starts a container with {@code token}, or fails saying what is missing; {@code image} null for the default. */
    static LocalStack start(Path logFile, String token, String image, BooleanSupplier dockerAvailable) {
        requireTokenAndDocker(token, dockerAvailable);
        DockerImageName imageName = DockerImageName.parse(image == null || image.isBlank() ? DEFAULT_IMAGE : image);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the LocalStack log " + logFile, e);
        }
        LocalStackContainer container = new LocalStackContainer(imageName)
                .withEnv(AUTH_TOKEN_ENV, token)
                // EC2 as records, as moto keeps it: no instance is a real container or VM.
                .withEnv("EC2_VM_MANAGER", "mock")
                .withLogConsumer(frame -> append(logFile, frame))
                .withStartupTimeout(STARTUP_TIMEOUT);
        LocalStack localStack = new LocalStack(container, logFile);
        try {
            container.start();
        } catch (RuntimeException notStarted) {
            container.stop();
            IllegalStateException failure = localStack.failure("LocalStack (" + imageName + ") did not start");
            failure.initCause(notStarted);
            throw failure;
        }
        return localStack;
    }

    /** Fails, saying what is missing and how to get it, unless there is a token and a Docker engine. */
    static void requireTokenAndDocker(String token, BooleanSupplier dockerAvailable) {
        String chosen = Emulator.ENV + "=" + Emulator.LOCALSTACK.id();
        String orMoto = "; or unset " + Emulator.ENV + " to run the tests on moto (no Docker, no token)";
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(chosen + " but " + AUTH_TOKEN_ENV + " is not set: LocalStack's image starts"
                    + " only with an account's auth token; export " + AUTH_TOKEN_ENV + orMoto);
        }
        if (!dockerAvailable.getAsBoolean()) {
            throw new IllegalStateException(chosen + " but Testcontainers finds no Docker engine (DOCKER_HOST, the"
                    + " default socket): start Docker or point DOCKER_HOST at one" + orMoto);
        }
    }

    @Override
    public Emulator kind() {
        return Emulator.LOCALSTACK;
    }

    /** The container's mapped port on the host's address (127.0.0.1 for a local engine), so S3 goes path-style. */
    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    /** The container's output (one file for every class the JVM runs). */
    @Override
    public Path logFile() {
        return logFile;
    }

    /** Nothing: the container serves the JVM's next test class and stops with the JVM. */
    @Override
    public void release() {
    }

    private static void append(Path logFile, OutputFrame frame) {
        try {
            Files.writeString(logFile, frame.getUtf8String(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the LocalStack log " + logFile, e);
        }
    }
}
