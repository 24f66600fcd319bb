package dev.sparkflow.devenv.sshconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asks the real OpenSSH client ({@code ssh -G}, which resolves a config without connecting) what our edits mean. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SshEffectiveConfigTest {
    @TempDir
    Path home;

    @Test
    void our_options_win_over_global_lines_host_star_match_all_and_top_level_includes() throws Exception {
        Path included = home.resolve("included.conf");
        Files.writeString(included, "Host *\n  User included-user\n  Port 2222\n");
        String original = "User global-user\nInclude " + included + "\n\nHost *\n  User star-user\n  ServerAliveInterval 99\n"
                + "Match all\n  User match-user\n";
        Path config = write("config", SshConfigDocument.parse(original, "sparkflow-dev")
                .withBlock(SshConfigDocumentTest.entry("i-1", "198.51.100.7")));

        List<String> resolved = resolve(config, "sparkflow-dev");

        assertTrue(resolved.contains("hostname 198.51.100.7"), resolved.toString());
        assertTrue(resolved.contains("user ec2-user"), resolved.toString());
        assertTrue(resolved.contains("serveraliveinterval 30"), resolved.toString());
        assertTrue(resolved.contains("port 2222"), "options we do not set still come from the user's config: " + resolved);
    }

    @Test
    void every_other_host_resolves_exactly_as_before() throws Exception {
        Path included = home.resolve("work.conf");
        Files.writeString(included, "Host work\n  HostName work.example\n  User worker\n");
        String original = "ServerAliveInterval 60\nInclude " + included + "\n\nHost bastion\n  HostName 10.0.0.1\n  User b\n"
                + "Host *\n  User star\n  Compression yes\n";
        Path before = write("before", original);
        Path after = write("after", SshConfigDocument.parse(original, "sparkflow-dev")
                .withBlock(SshConfigDocumentTest.entry("i-1", "198.51.100.7")));

        for (String host : List.of("bastion", "work", "github.com", "sparkflow-dev-old")) {
            assertEquals(resolve(before, host), resolve(after, host), host);
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = home.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** {@code ssh -G -F config host}: the options ssh would use, one "keyword value" per line. */
    private static List<String> resolve(Path config, String host) throws Exception {
        Process ssh = new ProcessBuilder("ssh", "-G", "-F", config.toString(), host).redirectErrorStream(true).start();
        String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ssh.waitFor(30, TimeUnit.SECONDS), "ssh -G did not finish");
        assertEquals(0, ssh.exitValue(), "ssh -G failed (is openssh-client installed? `make dev-env-tools`): " + output);
        return output.lines().toList();
    }
}
