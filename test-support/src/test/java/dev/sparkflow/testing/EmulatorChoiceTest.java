package dev.sparkflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmulatorChoiceTest {

    @Test
    void with_neither_the_property_nor_the_variable_the_tests_run_on_moto() {
        assertEquals(Emulator.MOTO, Emulator.choose(null, null));
        assertEquals(Emulator.MOTO, Emulator.choose("", " "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null       | localstack  | LOCALSTACK",
            "null       | LocalStack  | LOCALSTACK",
            "null       | ' moto '    | MOTO",
            "localstack | moto        | LOCALSTACK",
            "moto       | localstack  | MOTO",
            "' '        | localstack  | LOCALSTACK"})
    void the_system_property_wins_over_the_environment_variable(String property, String env, Emulator expected) {
        assertEquals(expected, Emulator.choose(property, env));
    }

    @Test
    void an_unknown_name_fails_and_lists_the_choices() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Emulator.choose(null, "minio"));

        assertEquals("SPARKFLOW_EMULATOR=minio names no emulator: choose moto or localstack"
                + " (or leave it unset for moto)", failure.getMessage());
    }

    @Test
    void each_emulator_resets_through_its_own_api() {
        assertEquals("/moto-api/reset", Emulator.MOTO.resetPath());
        assertEquals("/_localstack/state/reset", Emulator.LOCALSTACK.resetPath());
    }

    @Test
    void the_names_are_the_ones_the_variable_takes() {
        for (Emulator emulator : Emulator.values()) {
            assertEquals(emulator, Emulator.choose(null, emulator.id()));
            assertTrue(emulator.id().matches("[a-z]+"), emulator.id());
        }
    }
}
