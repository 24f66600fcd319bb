package dev.sparkflow.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar's command line as its callers (the Makefile, the EMR step, the local engine, the bench) use it. */
class MainTest {
    private final StringWriter err = new StringWriter();

    /** The parsed command's object, for {@code argv}. */
    @SuppressWarnings("unchecked")
    private static <T> T parsed(String... argv) {
        ParseResult result = Main.commandLine().parseArgs(argv);
        return (T) result.subcommand().commandSpec().userObject();
    }

    private int exitCode(String... argv) {
        CommandLine line = Main.commandLine();
        line.setErr(new PrintWriter(err, true));
        return line.execute(argv);
    }

    @Test
    void the_emr_step_and_the_local_engine_run_a_batch_with_lake_batch_and_ingest_date() {
        Main.Run run = parsed("run", "--lake", "s3://lake", "--batch-id", "b-7", "--ingest-date", "2026-11-21");
        assertEquals("s3://lake", run.lake);
        assertEquals("b-7", run.batchId);
        assertEquals(LocalDate.of(2026, 11, 21), run.ingestDateOrToday());
        assertNull(run.config);
    }

    @Test
    void ingest_alone_takes_a_config_folder_and_defaults_the_ingest_date_to_today() {
        Main.Ingest ingest = parsed("ingest", "--lake", "/tmp/lake", "--config", "s3://bucket/config");
        assertEquals("s3://bucket/config", ingest.config);
        assertNull(ingest.batchId);
        assertEquals(LocalDate.now(java.time.ZoneOffset.UTC), ingest.ingestDateOrToday());
    }

    @Test
    void the_make_targets_arguments_parse_with_their_defaults() {
        Main.DemoCommand demo = parsed("demo", "--lake", "/w/lake", "--input", "/w/in");
        assertEquals(Path.of("/w/lake"), demo.lake);
        assertEquals(Path.of("/w/in"), demo.input);
        Main.DemoCommand plainDemo = parsed("demo");
        assertEquals(Path.of("lake"), plainDemo.lake);
        assertNull(plainDemo.input);
        Main.BenchCommand bench = parsed("bench");
        assertEquals(5_000_000L, bench.rows);
        assertEquals(Path.of("build/bench"), bench.work.dir);
        Main.BenchCommand bigBench = parsed("bench", "--rows", "20000", "--work", "/w/b");
        assertEquals(20_000L, bigBench.rows);
        Main.BenchHousehold household = parsed("bench-household", "--work", "/w/b");
        assertEquals(Path.of("/w/b"), household.work.dir);
        Main.Catalog catalog = parsed("catalog", "--out", "tables.json");
        assertEquals(Path.of("tables.json"), catalog.out);
        Main.Corpus corpus = parsed("corpus", "--dir", "corpus", "--verbose", "true");
        assertTrue(corpus.verbose);
        assertFalse(corpus.table);
    }

    @Test
    void unknown_commands_and_options_and_missing_ones_exit_2_with_the_reason() {
        assertEquals(2, exitCode());
        assertEquals(2, exitCode("frobnicate"));
        assertEquals(2, exitCode("run", "--lake", "/tmp/lake", "--rows", "5"));
        assertTrue(err.toString().contains("Unknown option"), err.toString());
        assertEquals(2, exitCode("ingest", "--batch-id", "b"));
        assertTrue(err.toString().contains("Missing required option: '--lake=<root>'"), err.toString());
        assertEquals(2, exitCode("bench", "--rows", "many"));
        assertEquals(2, exitCode("run", "--lake", "/tmp/lake", "--ingest-date", "2026-13-01"));
    }

    @Test
    void replay_takes_comma_separated_batches_and_files_as_make_replay_and_the_dag_pass_them() {
        Main.ReplayCommand replay = parsed("replay", "--lake", "s3://lake", "--batches", "b1,b2", "--files",
                "budgets/*.csv,raw/transactions/**", "--batch-id", "replay-1", "--ingest-date", "2026-12-07");
        assertEquals(java.util.List.of("b1", "b2"), replay.batches);
        assertEquals(java.util.List.of("budgets/*.csv", "raw/transactions/**"), replay.files);
        assertEquals("replay-1", replay.batchId);
        assertEquals(LocalDate.of(2026, 12, 7), replay.ingestDateOrToday());
        Main.ReplayCommand everything = parsed("replay", "--lake", "/w/lake");
        assertTrue(everything.batches.isEmpty() && everything.files.isEmpty());
        assertNull(everything.batchId);
    }

    @Test
    void curate_alone_needs_the_batch_that_ingest_left() {
        assertEquals(2, exitCode("curate", "--lake", "/tmp/lake"));
        assertTrue(err.toString().contains("curate needs --batch-id"), err.toString());
    }

    @Test
    void an_argument_a_job_finds_invalid_exits_2(@TempDir Path dir) {
        assertEquals(2, exitCode("demo", "--lake", dir.resolve("lake").toString(), "--input", dir.resolve("none").toString()));
        assertTrue(err.toString().contains("is not a folder"), err.toString());
    }
}
