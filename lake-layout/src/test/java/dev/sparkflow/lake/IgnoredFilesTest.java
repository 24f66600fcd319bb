package dev.sparkflow.lake;

import dev.sparkflow.testing.LandedNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lake.yml's ignored_files as the jobs apply it, against the table every copy of the rule shares. */
class IgnoredFilesTest {

    static List<LandedNames.Example> examples() {
        return LandedNames.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void each_landed_path_is_read_or_ignored_by_the_entry_the_shared_table_names(LandedNames.Example example) {
        assertEquals(Optional.ofNullable(example.rule()), RepoLake.get().ignoredBy(example.path()));
    }

    @Test
    void every_entry_of_lake_yml_is_exercised_by_the_shared_table() {
        List<String> used = LandedNames.ignored().stream().map(LandedNames.Example::rule).distinct().toList();
        assertEquals(RepoLake.get().ignoredFiles().stream().sorted().toList(), used.stream().sorted().toList());
    }

    @Test
    void a_star_stands_for_any_run_of_characters() {
        List<String> stars = List.of("a*b*c");
        assertEquals(Optional.of("a*b*c"), IgnoredFiles.rule(stars, "abc"));
        assertEquals(Optional.of("a*b*c"), IgnoredFiles.rule(stars, "x/a-bb-b-c"));
        assertEquals(Optional.empty(), IgnoredFiles.rule(stars, "abcd"));
        assertEquals(Optional.empty(), IgnoredFiles.rule(stars, "acb"));
        assertEquals(Optional.empty(), IgnoredFiles.rule(stars, "abc/x.csv"), "a name glob looks at the own name only");
        assertEquals(Optional.of("a*b*c/**"), IgnoredFiles.rule(List.of("a*b*c/**"), "x/a-b-c/y/z.csv"));
        assertEquals(Optional.empty(), IgnoredFiles.rule(List.of("a*b*c/**"), "a/b/c/z.csv"), "folders one by one");
        assertEquals(Optional.of("*"), IgnoredFiles.rule(List.of("*"), "a/folder/"), "a marker's own name too");
    }

    @Test
    void the_first_matching_entry_is_the_rule_reported() {
        assertEquals(Optional.of("*.tmp"), IgnoredFiles.rule(List.of("*.tmp", "~$*"), "~$x.tmp"));
        assertEquals(Optional.of("~$*"), IgnoredFiles.rule(List.of("~$*", "*.tmp"), "~$x.tmp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "/x", "/**", "x/**/y", "two words", "tab\there", "line\nbreak", "x?.csv",
            "[ab].csv", "a\\b", "*(x)"})
    void an_entry_the_rule_cannot_express_fails_the_config_load(String entry) {
        LakeLayout lake = RepoLake.get();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new LakeLayout(
                lake.zones(), lake.datasets(), lake.referenceTables(), List.of(".DS_Store", entry)));
        assertTrue(refused.getMessage().startsWith("lake.yml: ignored_files entry"), refused.getMessage());
    }

    @Test
    void a_lake_yml_without_ignored_files_fails_the_config_load() {
        LakeLayout lake = RepoLake.get();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new LakeLayout(lake.zones(), lake.datasets(), lake.referenceTables(), null));
        assertEquals("lake.yml: ignored_files is missing", refused.getMessage());
    }
}
