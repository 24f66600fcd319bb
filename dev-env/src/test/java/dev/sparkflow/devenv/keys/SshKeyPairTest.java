package dev.sparkflow.devenv.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SshKeyPairTest {
    @TempDir
    Path home;

    @Test
    void a_new_pair_is_private_and_its_public_line_is_an_ed25519_key() throws IOException {
        Path ssh = home.resolve(".ssh");

        SshKeyPair pair = SshKeyPair.ensure(ssh, "sparkflow-dev_ed25519", "sparkflow-dev@sparkflow");

        assertTrue(pair.created());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.privateKey())));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.publicKey())));
        assertTrue(pair.publicKeyLine().matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} sparkflow-dev@sparkflow"),
                pair.publicKeyLine());
        assertEquals(pair.publicKeyLine() + "\n", Files.readString(pair.publicKey()));
    }

    @Test
    void ssh_keygen_reads_the_private_key_and_derives_the_same_public_key() throws Exception {
        SshKeyPair pair = SshKeyPair.ensure(home, "k", "dev@test");

        String derived = run("ssh-keygen", "-y", "-f", pair.privateKey().toString());

        String[] expected = pair.publicKeyLine().split(" ");
        String[] actual = derived.strip().split(" ");
        assertEquals(expected[0] + " " + expected[1], actual[0] + " " + actual[1]);
    }

    @Test
    void ssh_keygen_accepts_the_public_file_and_keeps_the_comment() throws Exception {
        SshKeyPair pair = SshKeyPair.ensure(home, "k", "dev@test");

        String fingerprint = run("ssh-keygen", "-l", "-f", pair.publicKey().toString());

        assertTrue(fingerprint.matches("256 SHA256:\\S+ dev@test \\(ED25519\\)\\s*"), fingerprint);
    }

    @Test
    void an_existing_pair_is_reused_and_a_loose_private_key_mode_is_tightened() throws IOException {
        SshKeyPair first = SshKeyPair.ensure(home, "k", "dev@test");
        Files.setPosixFilePermissions(first.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));

        SshKeyPair second = SshKeyPair.ensure(home, "k", "dev@test");

        assertFalse(second.created());
        assertEquals(first.publicKeyLine(), second.publicKeyLine());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(second.privateKey())));
    }

    @Test
    void half_a_pair_is_refused_and_left_alone() throws IOException {
        Path orphan = Files.writeString(home.resolve("k.pub"), "ssh-ed25519 AAAA x\n");

        DevEnvException refused = assertThrows(DevEnvException.class, () -> SshKeyPair.ensure(home, "k", "dev@test"));

        assertEquals(Failure.KEY_PROBLEM, refused.failure());
        assertTrue(refused.getMessage().contains("only one half"), refused.getMessage());
        assertEquals("ssh-ed25519 AAAA x\n", Files.readString(orphan));
        assertFalse(Files.exists(home.resolve("k")));
    }

    @Test
    void a_public_file_that_is_not_an_ed25519_key_is_refused() throws IOException {
        Files.writeString(home.resolve("k"), "not a key");
        Files.writeString(home.resolve("k.pub"), "ssh-rsa AAAA x\n");

        DevEnvException refused = assertThrows(DevEnvException.class, () -> SshKeyPair.ensure(home, "k", "dev@test"));

        assertEquals(Failure.KEY_PROBLEM, refused.failure());
    }

    /** Runs a command, failing the test with its output unless it exits 0. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed (openssh-client: `make dev-env-tools`): " + output);
        return output;
    }
}
