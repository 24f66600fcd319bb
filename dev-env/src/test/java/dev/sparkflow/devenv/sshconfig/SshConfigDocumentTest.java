package dev.sparkflow.devenv.sshconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SshConfigDocumentTest {
    static final String ALIAS = "sparkflow-dev";

    static HostEntry entry(String instanceId, String hostName) {
        return new HostEntry(ALIAS, instanceId, hostName, "ec2-user", Path.of("/home/dev/.ssh/sparkflow-dev_ed25519"),
                Path.of("/home/dev/.ssh/sparkflow-dev_known_hosts"), List.of(8080, 8088), null);
    }

    /** Existing configs a developer may well have; each must survive byte for byte. */
    static Stream<Arguments> trickyConfigs() {
        return Stream.of(
                Arguments.of("an empty file", ""),
                Arguments.of("other hosts", "Host github.com\n    User git\n    IdentityFile ~/.ssh/id_github\n\nHost bastion\n  HostName 10.0.0.1\n"),
                Arguments.of("Host * with a User that would shadow ours", "Host *\n    User root\n    IdentityFile ~/.ssh/id_rsa\n"),
                Arguments.of("global options before the first Host", "ServerAliveInterval 60\nUser bob\n\nHost work\n  HostName w.example\n"),
                Arguments.of("a top-level Include", "Include ~/.orbstack/ssh/config\nInclude config.d/*\n\nHost a\n  User a\n"),
                Arguments.of("an Include scoped to a Host", "Host jump\n  Include ~/.ssh/jump.conf\n  User j\n"),
                Arguments.of("Match blocks", "Match host *.corp exec \"test -f /tmp/vpn\"\n  ProxyJump gw\nMatch all\n  User m\n"),
                Arguments.of("CRLF line endings", "Host win\r\n    HostName 10.1.1.1\r\n    User Administrator\r\n"),
                Arguments.of("no trailing newline", "Host last\n    HostName 192.0.2.9"),
                Arguments.of("CRLF and no trailing newline", "Host win\r\n    User x"),
                Arguments.of("keyword=value, tabs, odd case and comments",
                        "# my config\nhost=alpha beta\n\tHOSTNAME = 192.0.2.1\n  user\t\"al pha\" # trailing comment\n"),
                Arguments.of("a similar alias and a negated pattern",
                        "Host sparkflow-dev-old !sparkflow-dev\n  User old\n# Host sparkflow-dev (a comment)\nMatch host sparkflow-dev\n  Compression yes\n"),
                Arguments.of("a UTF-8 BOM and non-ASCII comments", "\uFEFF# Überall\nHost ü\n  User ö\n"),
                Arguments.of("comments that merely contain our marker text",
                        "# >>> sparkflow-dev old box, kept for reference\nHost old\n  User o\n# <<< sparkflow-dev\tend of notes\n"
                                + "#>>>sparkflow-dev\nHost b\n  User b\n#<<< sparkflow-dev\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyConfigs")
    void the_block_goes_first_and_every_original_byte_follows_it(String name, String original) {
        String written = SshConfigDocument.parse(original, ALIAS).withBlock(entry("i-1", "198.51.100.7"));

        String newline = original.contains("\r\n") ? "\r\n" : "\n";
        assertTrue(written.startsWith(SshConfigDocument.beginMarker(ALIAS) + newline), written);
        int end = written.indexOf(SshConfigDocument.endMarker(ALIAS) + newline);
        assertTrue(end > 0, written);
        assertEquals(original, written.substring(end + SshConfigDocument.endMarker(ALIAS).length() + newline.length()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyConfigs")
    void the_block_uses_the_files_own_line_ending(String name, String original) {
        String written = SshConfigDocument.parse(original, ALIAS).withBlock(entry("i-1", "198.51.100.7"));
        String block = written.substring(0, written.length() - original.length());

        if (original.contains("\r\n")) {
            assertEquals(block.split("\n").length, block.split("\r\n").length, "every new line ends in CRLF: " + block);
        } else {
            assertFalse(block.contains("\r"), block);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyConfigs")
    void removing_the_block_gives_back_the_original_bytes(String name, String original) {
        String written = SshConfigDocument.parse(original, ALIAS).withBlock(entry("i-1", "198.51.100.7"));

        assertEquals(original, SshConfigDocument.parse(written, ALIAS).withoutBlock());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyConfigs")
    void writing_the_same_entry_again_gives_identical_bytes(String name, String original) {
        String once = SshConfigDocument.parse(original, ALIAS).withBlock(entry("i-1", "198.51.100.7"));

        assertEquals(once, SshConfigDocument.parse(once, ALIAS).withBlock(entry("i-1", "198.51.100.7")));
    }

    @Test
    void an_existing_block_is_updated_where_it_stands() {
        String before = "Host a\n  User a\n";
        String after = "\nHost b\n  User b";
        String moved = before + blockText(entry("i-old", "192.0.2.1")) + after;

        String updated = SshConfigDocument.parse(moved, ALIAS).withBlock(entry("i-new", "192.0.2.2"));

        assertEquals(before + blockText(entry("i-new", "192.0.2.2")) + after, updated);
        assertEquals(Optional.of("i-new"), SshConfigDocument.parse(updated, ALIAS).blockInstanceId());
    }

    @Test
    void a_block_in_the_middle_is_removed_without_touching_its_neighbours() {
        String text = "Host a\r\n  User a\r\n" + blockText(entry("i-1", "192.0.2.1")).replace("\n", "\r\n") + "Host b\r\n";

        assertEquals("Host a\r\n  User a\r\nHost b\r\n", SshConfigDocument.parse(text, ALIAS).withoutBlock());
    }

    @Test
    void a_block_at_the_end_without_a_final_newline_keeps_that_style() {
        String block = blockText(entry("i-1", "192.0.2.1"));
        String text = "Host a\n" + block.substring(0, block.length() - 1);

        String updated = SshConfigDocument.parse(text, ALIAS).withBlock(entry("i-2", "192.0.2.2"));

        String expected = blockText(entry("i-2", "192.0.2.2"));
        assertEquals("Host a\n" + expected.substring(0, expected.length() - 1), updated);
    }

    @Test
    void the_block_holds_the_options_a_remote_session_needs() {
        String written = SshConfigDocument.parse("", ALIAS).withBlock(new HostEntry(ALIAS, "i-9", "i-9", "ec2-user",
                Path.of("/home/a b/.ssh/sparkflow-dev_ed25519"), Path.of("/home/a b/.ssh/sparkflow-dev_known_hosts"),
                List.of(8080, 8088),
                HostEntry.SSM_PROXY_COMMAND));

        assertTrue(written.contains("\nHost sparkflow-dev\n    HostName i-9\n    User ec2-user\n"), written);
        assertTrue(written.contains("    IdentityFile \"/home/a b/.ssh/sparkflow-dev_ed25519\"\n    IdentitiesOnly yes\n"), written);
        assertTrue(written.contains("    StrictHostKeyChecking accept-new\n"), written);
        assertTrue(written.contains("    UserKnownHostsFile \"/home/a b/.ssh/sparkflow-dev_known_hosts\"\n"), written);
        assertTrue(written.contains("    LocalForward 8080 127.0.0.1:8080\n    LocalForward 8088 127.0.0.1:8088\n"), written);
        assertTrue(written.contains("    ProxyCommand sh -c \"aws ssm start-session --target %h --document-name AWS-StartSSHSession"
                + " --parameters portNumber=%p\"\n"), written);
        assertTrue(written.endsWith("Host *\n" + SshConfigDocument.endMarker(ALIAS) + "\n"), written);
    }

    static Stream<Arguments> unsafeConfigs() {
        String block = blockText(entry("i-1", "192.0.2.1"));
        String begin = SshConfigDocument.beginMarker(ALIAS) + "\n";
        String end = SshConfigDocument.endMarker(ALIAS) + "\n";
        return Stream.of(
                Arguments.of("two blocks", block + "Host a\n" + block, "second"),
                Arguments.of("a start marker without an end", "Host a\n" + begin + "Host b\n", "no end marker"),
                Arguments.of("an end marker without a start", "Host a\n" + end, "without its start"),
                Arguments.of("the end marker before the start", end + begin, "without its start"),
                Arguments.of("a hand-written Host for our alias", "Host other\n  User o\nHost sparkflow-dev\n  HostName 1.2.3.4\n",
                        "hand-written"),
                Arguments.of("our alias among other patterns, in upper case", "host=web SPARKFLOW-DEV\n  User x\n", "hand-written"),
                Arguments.of("a hand-written Host next to our block", block + "Host sparkflow-dev\n", "hand-written"),
                Arguments.of("an unterminated double quote", "Host a\n  IdentityFile \"~/.ssh/my key\n", "unterminated double quote"),
                Arguments.of("an unterminated single quote", "Host a\n  ProxyCommand sh -c 'nc %h %p\n", "unterminated single quote"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeConfigs")
    void a_config_that_cannot_be_edited_safely_is_refused_with_the_reason(String name, String text, String reason) {
        SshConfigException refused = assertThrows(SshConfigException.class, () -> SshConfigDocument.parse(text, ALIAS));

        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("line "), refused.getMessage());
    }

    @Test
    void a_block_written_in_a_crlf_file_is_found_again() {
        String crlf = SshConfigDocument.parse("Host a\r\n", ALIAS).withBlock(entry("i-7", "192.0.2.7"));

        assertEquals(Optional.of("i-7"), SshConfigDocument.parse(crlf, ALIAS).blockInstanceId());
    }

    /** The block alone, as written into an empty LF file. */
    static String blockText(HostEntry entry) {
        return SshConfigDocument.parse("", ALIAS).withBlock(entry);
    }
}
