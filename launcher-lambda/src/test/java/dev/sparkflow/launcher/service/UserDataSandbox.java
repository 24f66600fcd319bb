package dev.sparkflow.launcher.service;

import dev.sparkflow.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A temp directory in which the rendered user-data (or the watchdog) runs for real: SPARKFLOW_ROOT moves its paths
 * into {@code root/}, the real AWS CLI talks to moto, and only OS-level commands (dnf, systemctl, shutdown, docker,
 * curl for IMDS, chown, ss) are stand-ins that append their arguments to {@code calls.log}. Files in the sandbox
 * directory steer them: {@code restore-rejects} (its text is the reason), {@code migrate-fails}, {@code airflow-down}.
 */
final class UserDataSandbox {
    static final String INSTANCE_ID = "i-0123456789abcdef0";
    private static final Path AWS_CLI = Path.of(".venv", "awscli", "bin", "aws");
    private static final Path SHELLCHECK = Path.of(".venv", "awscli", "bin", "shellcheck");

    final Path dir;
    final Path root;
    final Path bin;
    final Path calls;
    private final MotoServer moto;

    UserDataSandbox(Path dir, MotoServer moto) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.bin = dir.resolve("bin");
        this.calls = dir.resolve("calls.log");
        this.moto = moto;
        try {
            Files.createDirectories(root);
            Files.createDirectories(bin);
            Files.createDirectories(dir.resolve("home"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(calls, "");
            Files.createSymbolicLink(bin.resolve("aws"), tool(AWS_CLI));
            for (String name : List.of("dnf", "systemctl", "shutdown", "chown")) {
                stub(name, "");
            }
            stub("curl", """
                    case "$*" in
                      *api/token*) echo sandbox-token ;;
                      *meta-data/instance-id*) echo %s ;;
                      *meta-data/placement/region*) echo us-east-1 ;;
                      *monitor/health*) [[ ! -e "$SANDBOX_DIR/airflow-down" ]] ;;
                      *) exit 22 ;;
                    esac
                    """.formatted(INSTANCE_ID));
            stub("ss", """
                    [[ ! -e "$SANDBOX_DIR/ss-broken" ]] || exit 1
                    cat "$SANDBOX_DIR/ssh-sessions" 2>/dev/null || true
                    """);
            stub("docker", """
                    case "$*" in
                      "compose version") echo "Docker Compose version v2.40.3" ;;
                      "login --username AWS --password-stdin "*) cat > "$SANDBOX_DIR/docker-login-password" ;;
                      *" config --images")
                        if [[ -e "$SANDBOX_DIR/compose-images" ]]; then cat "$SANDBOX_DIR/compose-images"
                        else printf '%s\\n' "$SPARKFLOW_POSTGRES_IMAGE" "$SPARKFLOW_AIRFLOW_IMAGE" "$SPARKFLOW_AIRFLOW_IMAGE"
                          [[ ${COMPOSE_PROFILES-} != dashboards ]] || printf '%s\\n' "$SPARKFLOW_SUPERSET_IMAGE"; fi ;;
                      *" up "*) env | grep -E '^(AWS_REGION|AIRFLOW_|COMPOSE_|SPARKFLOW_)' | grep -v '^SPARKFLOW_ROOT=' | sort > "$SANDBOX_DIR/compose-env" ;;
                      *" psql "*) [[ ! -e "$SANDBOX_DIR/airflow-down" ]] || exit 1; cat "$SANDBOX_DIR/active-runs" ;;
                      *"sparkflow-metadata backup") printf 'sandbox backup tar' ;;
                      *"sparkflow-metadata restore")
                        cat > "$SANDBOX_DIR/restored.tar"
                        [[ ! -e "$SANDBOX_DIR/restore-rejects" ]] || { echo "sparkflow-metadata: REJECTED: $(cat "$SANDBOX_DIR/restore-rejects")" >&2; exit 3; } ;;
                      *" run --pull never --rm airflow-init") [[ ! -e "$SANDBOX_DIR/migrate-fails" ]] ;;
                      "volume inspect"*) echo "$SANDBOX_DIR/airflow-logs" ;;
                    esac
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit code and combined output of one run. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code bash script args...} in the sandbox with a clean environment (plus {@code extraEnv}). */
    Result run(Path script, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return exec(command, extraEnv);
    }

    /** Runs the real AWS CLI against moto (for seeding what Terraform and the deploy workflow would write). */
    String aws(String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("aws").toString()));
        command.addAll(List.of(args));
        Result result = exec(command, Map.of("AWS_DEFAULT_REGION", "us-east-1"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("aws " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result.output();
    }

    private Result exec(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String path = System.getenv("PATH");
        env.clear();
        env.put("PATH", bin + ":" + path);
        env.put("HOME", dir.resolve("home").toString());
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", dir.resolve("tmp").toString());
        env.put("SPARKFLOW_ROOT", root.toString());
        env.put("SANDBOX_DIR", dir.toString());
        env.put("SANDBOX_CALLS", calls.toString());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        env.putAll(extraEnv);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes the rendered script into the sandbox and runs it. */
    Result boot(String rendered) {
        Path script = write("user-data.sh", rendered);
        return run(script, Map.of());
    }

    /** Writes {@code text} to {@code name} in the sandbox directory. */
    Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every stand-in call so far, one {@code name args} line each. */
    List<String> calls() {
        try {
            return Files.readAllLines(calls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code path} (absolute, as on the instance) inside the sandbox root. */
    Path onInstance(String path) {
        return root.resolve(path.substring(1));
    }

    /** The venv's shellcheck binary. */
    static Path shellcheck() {
        return tool(SHELLCHECK);
    }

    /** A tool from the repository's .venv/awscli; fails (never skips) when the venv is missing. */
    static Path tool(Path relative) {
        String repoRoot = System.getenv(MotoServer.REPO_ROOT_ENV);
        if (repoRoot == null) {
            throw new IllegalStateException(MotoServer.REPO_ROOT_ENV + " is not set (Maven's surefire sets it)");
        }
        Path tool = Path.of(repoRoot).resolve(relative);
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException(tool + " is missing: run `make venv-awscli` in the repository root");
        }
        return tool;
    }

    private void stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\nprintf '%s\\n' \"" + name + " $*\" >> \"$SANDBOX_CALLS\"\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
