package dev.sparkflow.devenv.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.devenv.model.DevEnvException;
import dev.sparkflow.devenv.model.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SshKeyPairTest {
    /**
     * Where the private section's two random check words start in an unencrypted ed25519 container: magic (15),
     * cipher and KDF names (2 x 8), empty KDF options (4), key count (4), public key blob (4 + 51), section length (4).
     */
    private static final int CHECK_WORDS = 98;

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
    void ssh_keygen_reads_the_private_key_and_derives_the_same_public_line_with_its_comment() throws Exception {
        SshKeyPair pair = SshKeyPair.ensure(home, "k", "dev@test");

        String derived = run("ssh-keygen", "-y", "-f", pair.privateKey().toString());

        // OpenSSH 8.9 and later also print the comment the private key keeps.
        assertEquals(pair.publicKeyLine(), derived.strip());
    }

    @Test
    void ssh_keygen_rewriting_the_private_key_gives_the_same_bytes_but_its_random_check_words() throws Exception {
        SshKeyPair pair = SshKeyPair.ensure(home, "k", "dev@test");
        Path rewritten = Files.copy(pair.privateKey(), home.resolve("k-by-ssh-keygen"));

        // Setting the same empty passphrase makes OpenSSH decode the key and encode it again in its own layout.
        run("ssh-keygen", "-p", "-P", "", "-N", "", "-f", rewritten.toString());

        List<String> ours = Files.readAllLines(pair.privateKey(), StandardCharsets.US_ASCII);
        List<String> openSsh = Files.readAllLines(rewritten, StandardCharsets.US_ASCII);
        assertEquals(openSsh.stream().map(String::length).toList(), ours.stream().map(String::length).toList(),
                "armour and 70-column lines");
        byte[] ourBytes = container(ours);
        byte[] openSshBytes = container(openSsh);
        assertEquals(ourBytes.length, openSshBytes.length);
        assertEquals(checkWord(ourBytes, 0), checkWord(ourBytes, 4), "our check words are a pair");
        assertNotEquals(checkWord(openSshBytes, 0), checkWord(ourBytes, 0), "ssh-keygen wrote new check words");
        Arrays.fill(ourBytes, CHECK_WORDS, CHECK_WORDS + 8, (byte) 0);
        Arrays.fill(openSshBytes, CHECK_WORDS, CHECK_WORDS + 8, (byte) 0);
        assertArrayEquals(openSshBytes, ourBytes, "key, comment and padding as OpenSSH writes them");
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

    /** The decoded openssh-key-v1 container between the armour lines. */
    private static byte[] container(List<String> lines) {
        return Base64.getDecoder().decode(String.join("", lines.subList(1, lines.size() - 1)));
    }

    private static int checkWord(byte[] container, int offset) {
        return ByteBuffer.wrap(container, CHECK_WORDS + offset, 4).getInt();
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
