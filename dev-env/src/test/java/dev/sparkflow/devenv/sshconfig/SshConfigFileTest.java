package dev.sparkflow.devenv.sshconfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SshConfigFileTest {
    private static final HostEntry ENTRY = SshConfigDocumentTest.entry("i-1", "198.51.100.7");

    @TempDir
    Path home;

    @Test
    void a_missing_ssh_directory_and_config_are_created_private() throws IOException {
        Path ssh = home.resolve(".ssh");
        SshConfigFile file = new SshConfigFile(ssh.resolve("config"), "sparkflow-dev");

        assertEquals(SshConfigFile.Outcome.WRITTEN, file.writeBlock(ENTRY));

        assertEquals("rwx------", mode(ssh));
        assertEquals("rw-------", mode(ssh.resolve("config")));
        assertFalse(Files.exists(file.backup()), "nothing to back up");
        assertEquals(Optional.of("i-1"), file.blockInstanceId());
    }

    @Test
    void the_previous_bytes_are_backed_up_and_the_mode_is_kept() throws IOException {
        Path config = existing("Host a\r\n  User a", "rw-------");
        SshConfigFile file = new SshConfigFile(config, "sparkflow-dev");

        file.writeBlock(ENTRY);

        assertArrayEquals("Host a\r\n  User a".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file.backup()));
        assertEquals("rw-------", mode(file.backup()));
        assertEquals("rw-------", mode(config));
        assertTrue(Files.readString(config).endsWith("\r\nHost a\r\n  User a"));
    }

    @Test
    void a_config_readable_by_others_keeps_its_mode() throws IOException {
        Path config = existing("Host a\n", "rw-r--r--");

        new SshConfigFile(config, "sparkflow-dev").writeBlock(ENTRY);

        assertEquals("rw-r--r--", mode(config));
    }

    @Test
    void an_unchanged_block_is_not_written_again() throws IOException {
        Path config = existing("Host a\n", "rw-------");
        SshConfigFile file = new SshConfigFile(config, "sparkflow-dev");
        file.writeBlock(ENTRY);
        FileTime written = Files.getLastModifiedTime(config);
        Files.delete(file.backup());

        assertEquals(SshConfigFile.Outcome.UNCHANGED, file.writeBlock(ENTRY));

        assertEquals(written, Files.getLastModifiedTime(config));
        assertFalse(Files.exists(file.backup()));
    }

    @Test
    void removing_the_block_restores_the_original_file() throws IOException {
        Path config = existing("Include config.d/*\nHost a\n  User a", "rw-------");
        SshConfigFile file = new SshConfigFile(config, "sparkflow-dev");
        file.writeBlock(ENTRY);

        assertEquals(SshConfigFile.Outcome.WRITTEN, file.removeBlock());

        assertEquals("Include config.d/*\nHost a\n  User a", Files.readString(config));
        assertEquals(SshConfigFile.Outcome.UNCHANGED, file.removeBlock());
    }

    @Test
    void an_unsafe_config_is_left_byte_identical_with_no_backup_and_no_temporary_file() throws IOException {
        byte[] original = "Host a\n  IdentityFile \"~/.ssh/unterminated\n".getBytes(StandardCharsets.UTF_8);
        Path config = home.resolve("config");
        Files.write(config, original);
        FileTime before = Files.getLastModifiedTime(config);
        SshConfigFile file = new SshConfigFile(config, "sparkflow-dev");

        SshConfigException refused = assertThrows(SshConfigException.class, () -> file.writeBlock(ENTRY));

        assertTrue(refused.getMessage().contains("line 2"), refused.getMessage());
        assertArrayEquals(original, Files.readAllBytes(config));
        assertEquals(before, Files.getLastModifiedTime(config));
        assertEquals(List.of(config), listing());
    }

    @Test
    void a_config_that_is_not_utf8_is_refused_and_untouched() throws IOException {
        byte[] latin1 = "Host caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path config = home.resolve("config");
        Files.write(config, latin1);

        SshConfigException refused = assertThrows(SshConfigException.class,
                () -> new SshConfigFile(config, "sparkflow-dev").writeBlock(ENTRY));

        assertTrue(refused.getMessage().contains("not UTF-8"), refused.getMessage());
        assertArrayEquals(latin1, Files.readAllBytes(config));
    }

    @Test
    void a_symlinked_config_is_edited_where_it_points_and_stays_a_link() throws IOException {
        Path dotfiles = Files.createDirectories(home.resolve("dotfiles"));
        Path real = Files.writeString(dotfiles.resolve("ssh_config"), "Host a\n");
        Path link = Files.createSymbolicLink(home.resolve("config"), real);

        new SshConfigFile(link, "sparkflow-dev").writeBlock(ENTRY);

        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("Host sparkflow-dev"));
        assertTrue(Files.exists(dotfiles.resolve("ssh_config" + SshConfigFile.BACKUP_SUFFIX)));
    }

    @Test
    void no_temporary_file_is_left_after_a_write() throws IOException {
        Path config = existing("Host a\n", "rw-------");

        new SshConfigFile(config, "sparkflow-dev").writeBlock(ENTRY);

        assertEquals(List.of(config, home.resolve("config" + SshConfigFile.BACKUP_SUFFIX)), listing());
    }

    private Path existing(String text, String mode) throws IOException {
        Path config = home.resolve("config");
        Files.writeString(config, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString(mode));
        return config;
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.sorted().toList();
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
