package dev.sparkflow.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The {@code moto_server} operating-system process: launch on a free loopback port, wait, stop. */
final class MotoProcess implements RunningEmulator {
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final URI endpoint;
    private final Path logFile;
    private final HttpClient http;
    // Child processes outlive a JVM that is killed (a surefire fork timeout, Ctrl-C): reap them.
    private final Thread shutdownHook;

    private MotoProcess(Process process, URI endpoint, Path logFile, HttpClient http) {
        this.process = process;
        this.endpoint = endpoint;
        this.logFile = logFile;
        this.http = http;
        this.shutdownHook = new Thread(process::destroyForcibly, "moto-server-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Launches {@code executable} with its output in {@code logFile} and returns once it answers HTTP. */
    static MotoProcess start(Path executable, Path logFile, HttpClient http) {
        try {
            Files.createDirectories(logFile.getParent());
            int port = freeLoopbackPort();
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", HOST, "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().put("PYTHONUNBUFFERED", "1"); // the log is complete when the process dies
            Process process = builder.start();
            MotoProcess moto = new MotoProcess(process, URI.create("http://" + HOST + ":" + port), logFile, http);
            try {
                moto.awaitAnswer();
            } catch (RuntimeException notReady) {
                moto.stop();
                throw notReady;
            }
            return moto;
        } catch (IOException e) {
            throw new IllegalStateException("Could not launch " + executable + " (log: " + logFile + ")", e);
        }
    }

    @Override
    public Emulator kind() {
        return Emulator.MOTO;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    /** The file holding the server's stdout and stderr. */
    @Override
    public Path logFile() {
        return logFile;
    }

    /** Stops the process: each test class has a moto of its own. */
    @Override
    public void release() {
        stop();
    }

    /** Terminates the process (forcibly if it ignores SIGTERM) and waits for it to exit. */
    void stop() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // The JVM is exiting: the hook is running or about to, and it kills the same process.
        }
    }

    private void awaitAnswer() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        IOException lastAttempt = null;
        while (true) {
            if (!process.isAlive()) {
                throw failure("moto_server exited with code " + process.exitValue() + " before answering on " + endpoint);
            }
            try {
                if (answers()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                lastAttempt = notListeningYet;
            }
            if (Instant.now().isAfter(deadline)) {
                IllegalStateException timeout = failure("moto_server did not answer on " + endpoint + " within " + STARTUP_TIMEOUT);
                if (lastAttempt != null) {
                    timeout.initCause(lastAttempt);
                }
                throw timeout;
            }
            sleep(POLL_INTERVAL);
        }
    }

    private boolean answers() throws IOException {
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server on " + endpoint, e);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server on " + endpoint, e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
