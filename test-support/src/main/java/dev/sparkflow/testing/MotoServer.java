package dev.sparkflow.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The running AWS emulator a test class holds, and the settings that point AWS clients at it: moto in server mode by
 * default, LocalStack in Docker with {@code SPARKFLOW_EMULATOR=localstack} (see {@link Emulator}). The name is moto's,
 * the default; the endpoint, region and credentials it hands out are the same whichever emulator answers.
 */
public final class MotoServer implements AutoCloseable {
    /** Environment variable naming the {@code moto_server} executable; overrides the repository's venv. */
    public static final String EXECUTABLE_ENV = "SPARKFLOW_MOTO_SERVER";
    /** Environment variable holding the repository root; the root pom's surefire configuration sets it. */
    public static final String REPO_ROOT_ENV = "SPARKFLOW_REPO_ROOT";

    private static final Path VENV_EXECUTABLE = Path.of(".venv", "moto", "bin", "moto_server");
    private static final Path LOG_DIRECTORY = Path.of("target");
    private static final String ACCESS_KEY = "testing";
    private static final String SECRET_KEY = "testing";
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private final RunningEmulator process;
    private final HttpClient http;
    private S3Client s3;

    private MotoServer(RunningEmulator process, HttpClient http) {
        this.process = process;
        this.http = http;
    }

    /**
     * The {@link Emulator#chosen() chosen} emulator for {@code testClass}, logging under {@code target/<emulator>/}:
     * a moto server of its own, or the JVM's LocalStack container, reset.
     */
    public static MotoServer startFor(String testClass) {
        Emulator emulator = Emulator.chosen();
        Path logs = LOG_DIRECTORY.resolve(emulator.id()).toAbsolutePath();
        return switch (emulator) {
            case MOTO -> start(logs.resolve(testClass + ".log"));
            case LOCALSTACK -> {
                MotoServer localStack = new MotoServer(LocalStack.shared(logs.resolve("localstack.log")), httpClient());
                localStack.reset();
                yield localStack;
            }
        };
    }

    /** Starts the project's moto server (see {@link #executable()}), logging to {@code logFile}. */
    public static MotoServer start(Path logFile) {
        return start(executable(), logFile);
    }

    /** Starts the given {@code moto_server} executable on a free loopback port, logging to {@code logFile}. */
    public static MotoServer start(Path executable, Path logFile) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("moto_server not found or not executable at " + executable
                    + ": run `make venv-moto` in the repository root (or point " + EXECUTABLE_ENV + " at moto_server)");
        }
        HttpClient http = httpClient();
        return new MotoServer(MotoProcess.start(executable, logFile, http), http);
    }

    /** The {@code moto_server} to run: {@value #EXECUTABLE_ENV}, else the venv under {@value #REPO_ROOT_ENV}. */
    public static Path executable() {
        String override = System.getenv(EXECUTABLE_ENV);
        String repoRoot = System.getenv(REPO_ROOT_ENV);
        if (override == null && repoRoot == null) {
            throw new IllegalStateException("Cannot locate moto_server: set " + REPO_ROOT_ENV
                    + " to the repository root (Maven's surefire does) or " + EXECUTABLE_ENV + " to the executable");
        }
        return override != null ? Path.of(override) : Path.of(repoRoot).resolve(VENV_EXECUTABLE);
    }

    /** Which emulator answers. */
    public Emulator emulator() {
        return process.kind();
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return process.endpoint();
    }

    /** The region every client should use. */
    public Region region() {
        return Region.US_EAST_1;
    }

    /** Static dummy credentials (moto and LocalStack accept any). */
    public AwsCredentialsProvider credentialsProvider() {
        return CREDENTIALS;
    }

    /** Sets endpoint, region and credentials on an SDK v2 client builder; S3 builders also need {@code forcePathStyle(true)}. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(endpoint()).region(region()).credentialsProvider(credentialsProvider());
    }

    /** A path-style S3 client on this server, built on first use and closed with the server. */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = configure(S3Client.builder())
                    .forcePathStyle(true)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return s3;
    }

    /**
     * The URI of {@code path} in moto's own API ({@code /moto-api/...}: queued Lambda answers, backend settings);
     * fails, naming the emulator, when the tests run on one that has no such API.
     */
    public URI motoApi(String path) {
        if (emulator() != Emulator.MOTO) {
            throw new IllegalStateException(path + " is moto's own API, which " + emulator().id() + " does not have:"
                    + " this test needs moto (" + Emulator.ENV + " unset or moto)");
        }
        return endpoint().resolve(path);
    }

    /** Clears all emulated state (every service, every region) through the emulator's own reset API. */
    public void reset() {
        String name = emulator().id();
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve(emulator().resetPath()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw process.failure(name + " reset answered HTTP " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            IllegalStateException failure = process.failure(name + " reset failed on " + endpoint());
            failure.initCause(e);
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting " + name + " on " + endpoint(), e);
        }
    }

    /** Hadoop settings that point the s3a filesystem at this server (prefix keys with {@code spark.hadoop.} for Spark). */
    public Map<String, String> hadoopS3aOptions() {
        return Map.ofEntries(
                Map.entry("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem"),
                Map.entry("fs.s3a.endpoint", endpoint().toString()),
                Map.entry("fs.s3a.endpoint.region", region().id()),
                Map.entry("fs.s3a.path.style.access", "true"),
                Map.entry("fs.s3a.connection.ssl.enabled", "false"),
                Map.entry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"),
                Map.entry("fs.s3a.access.key", ACCESS_KEY),
                Map.entry("fs.s3a.secret.key", SECRET_KEY));
    }

    /** The file holding the server's output. */
    public Path logFile() {
        return process.logFile();
    }

    /** Closes the S3 client, then lets the emulator go (moto's process stops; LocalStack stays for the JVM). */
    @Override
    public synchronized void close() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            process.release();
        }
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }
}
