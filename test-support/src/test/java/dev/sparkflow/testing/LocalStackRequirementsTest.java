package dev.sparkflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** LocalStack without what it needs fails, saying what is missing; nothing is started and nothing is skipped. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LocalStackRequirementsTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void without_a_token_it_fails_before_looking_for_docker(String token, @TempDir Path dir) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> LocalStack.start(dir.resolve("localstack.log"), token, null,
                        () -> fail("Docker is looked for only once there is a token")));

        assertEquals("SPARKFLOW_EMULATOR=localstack but LOCALSTACK_AUTH_TOKEN is not set: LocalStack's image starts"
                + " only with an account's auth token; export LOCALSTACK_AUTH_TOKEN; or unset SPARKFLOW_EMULATOR to run"
                + " the tests on moto (no Docker, no token)", failure.getMessage());
        assertFalse(Files.exists(dir.resolve("localstack.log")), "nothing was started");
    }

    @Test
    void without_a_docker_engine_it_fails_and_says_so(@TempDir Path dir) {
        AtomicBoolean asked = new AtomicBoolean();

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> LocalStack.start(dir.resolve("localstack.log"), "ls-token", null, () -> {
                    asked.set(true);
                    return false;
                }));

        assertTrue(asked.get());
        assertEquals("SPARKFLOW_EMULATOR=localstack but Testcontainers finds no Docker engine (DOCKER_HOST, the default"
                + " socket): start Docker or point DOCKER_HOST at one; or unset SPARKFLOW_EMULATOR to run the tests on"
                + " moto (no Docker, no token)", failure.getMessage());
        assertFalse(failure.getMessage().contains("ls-token"), "the token is never printed");
    }

    @Test
    void the_pinned_image_is_one_testcontainers_accepts_as_localstack() {
        assertTrue(LocalStack.DEFAULT_IMAGE.matches("localstack/localstack(-pro)?:\\d+\\.\\d+(\\.\\d+)?"),
                LocalStack.DEFAULT_IMAGE);
    }
}
