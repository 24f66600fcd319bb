package dev.sparkflow.devenv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkflow.testing.MotoServer;
import dev.sparkflow.testing.WithMotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

/** The shaded jar as a developer runs it ({@code java -jar}, fresh JVM, credentials from the environment) against moto. */
@WithMotoServer
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShadedJarIT {
    private final MotoServer moto;

    @TempDir
    Path home;

    ShadedJarIT(MotoServer moto) {
        this.moto = moto;
    }

    @Test
    void up_over_ssm_then_status_as_json_work_from_the_jar_with_nothing_but_their_own_output() throws Exception {
        MotoLauncher launcher = new MotoLauncher(moto).withFunction();
        Instance instance = launcher.runInstance();
        launcher.answer(MotoLauncher.launched(instance, false), MotoLauncher.launched(instance, true));

        Result up = java("up", "--ssm", "--poll", "PT0.2S");
        Result status = java("status", "--json");

        assertEquals(0, up.code(), up.toString());
        assertEquals("", up.err(), "no logging noise on stderr");
        assertTrue(Files.readString(home.resolve(".ssh/config")).contains("    HostName " + instance.instanceId() + "\n"));
        assertTrue(up.out().contains("code --remote ssh-remote+sparkflow-dev /home/ec2-user/sparkflow"), up.out());
        assertEquals(0, status.code(), status.toString());
        assertEquals(instance.instanceId(), new ObjectMapper().readTree(status.out()).get("instanceId").asText());
    }

    @Test
    void help_lists_the_commands_and_exit_codes() throws Exception {
        Result help = java("--help");

        assertEquals(0, help.code(), help.toString());
        for (String expected : List.of("up ", "status ", "down ", "ssh-config ", "4   ~/.ssh/config left untouched")) {
            assertTrue(help.out().contains(expected), help.out());
        }
    }

    private Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", System.getProperty("devenv.shadedJar"),
                "--endpoint-url", moto.endpoint().toString(), "--region", moto.region().id()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("SPARKFLOW_LAUNCHER_FUNCTION", MotoLauncher.FUNCTION);
        builder.environment().remove("AWS_PROFILE");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the jar did not finish");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A finished run of the jar. */
    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }
}
