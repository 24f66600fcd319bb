package dev.sparkflow.jobs.corpus;

import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.job.CorpusCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every export of the real-world corpus, read loose with the stock config, gives the rows a person expects: the
 * corpus is as broad as promised, nothing is lost, no file stops the batch, and at least 98 % of rows are right.
 */
class RealWorldCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final String TABLE_START = "<!-- corpus-table:start -->", TABLE_END = "<!-- corpus-table:end -->";
    private static CorpusCheck.Result result;

    @BeforeAll
    static void readTheCorpus() {
        result = CorpusCheck.run(CORPUS, TestConfig.get());
        System.out.println(result.line());
    }

    @Test
    void the_corpus_spans_eighty_files_forty_institutions_and_eight_countries() {
        assertTrue(result.files() >= 80, result.line());
        assertTrue(result.institutions() >= 40, result.line());
        assertTrue(result.countries() >= 8, result.countries() + " countries");
    }

    @Test
    void no_line_of_any_file_is_lost_and_no_file_stops_the_batch() {
        assertEquals(0, result.lost(), () -> String.join("\n", result.differences()));
        assertEquals(0, result.batchFailures(), () -> String.join("\n", result.differences()));
    }

    @Test
    void every_institution_describes_itself() {
        assertTrue(result.differences().stream().noneMatch(d -> d.contains("institution.yml")),
                () -> String.join("\n", result.differences().stream().filter(d -> d.contains("institution.yml")).toList()));
    }

    @Test
    void the_readme_table_of_known_institutions_is_the_one_the_corpus_generates() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int from = readme.indexOf(TABLE_START), to = readme.indexOf(TABLE_END);
        assertTrue(from >= 0 && to > from, "README.md lacks the corpus table markers");
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        CorpusCheck.printTable(new PrintStream(generated, true, StandardCharsets.UTF_8), result);
        assertEquals(generated.toString(StandardCharsets.UTF_8).strip(),
                readme.substring(from + TABLE_START.length(), to).strip(), "README.md's table is stale: run make corpus-table");
    }

    @Test
    void at_least_98_percent_of_rows_come_out_exactly_as_expected() {
        assertTrue(result.correctShare() >= 0.98, () -> result.line() + "\n" + String.join("\n", result.differences()));
    }
}
