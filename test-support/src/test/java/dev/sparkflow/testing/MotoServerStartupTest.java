package dev.sparkflow.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MotoServerStartupTest {

    @Test
    void a_missing_executable_fails_and_says_how_to_install_it(@TempDir Path dir) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> MotoServer.start(dir.resolve("moto_server"), dir.resolve("moto.log")));

        assertTrue(failure.getMessage().contains("make venv-moto"), failure.getMessage());
    }

    @Test
    void a_server_that_dies_at_startup_fails_with_its_output_and_log_path(@TempDir Path dir) throws IOException {
        Path crashing = Files.writeString(dir.resolve("moto_server"), "#!/bin/sh\necho 'ImportError: no moto here' >&2\nexit 3\n");
        Files.setPosixFilePermissions(crashing, PosixFilePermissions.fromString("rwx------"));
        Path log = dir.resolve("logs").resolve("moto.log");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> MotoServer.start(crashing, log));

        assertTrue(failure.getMessage().contains("exited with code 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("ImportError: no moto here"), failure.getMessage());
        assertTrue(failure.getMessage().contains(log.toString()), failure.getMessage());
    }
}
