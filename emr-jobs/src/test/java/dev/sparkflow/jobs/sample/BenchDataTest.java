package dev.sparkflow.jobs.sample;

import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchDataTest {
    @TempDir
    Path dir;

    @Test
    void the_same_seed_writes_the_same_bytes() {
        BenchData.write(dir.resolve("a"), 5_000, 8, 42);
        BenchData.write(dir.resolve("b"), 5_000, 8, 42);
        BenchData.write(dir.resolve("c"), 5_000, 8, 43);
        assertEquals(SampleFiles.tree(dir.resolve("a")), SampleFiles.tree(dir.resolve("b")));
        assertNotEquals(SampleFiles.tree(dir.resolve("a")), SampleFiles.tree(dir.resolve("c")));
    }

    @Test
    void writes_the_requested_rows_in_one_layout_with_about_one_percent_bad_rows() throws IOException {
        long rows = 40_000;
        Path landing = dir.resolve("landing");
        BenchData.Summary s = BenchData.write(landing, rows, 8, 42);
        assertEquals(rows, s.rows());
        assertEquals(8, s.files().size());
        long lines = 0, bytes = 0;
        for (String f : s.files()) {
            assertTrue(f.matches("transactions/(main-checking|credit-card|savings)/bench-\\d\\d\\.csv"), f);
            var text = SampleFiles.lines(landing.resolve(f));
            assertEquals("Date,Description,Amount,Currency", text.get(0));
            lines += text.size() - 1;
            bytes += Files.size(landing.resolve(f));
        }
        assertEquals(rows, lines);
        assertEquals(bytes, s.bytes());

        long read = 0, quarantined = 0;
        Map<String, Long> byReason = new TreeMap<>();
        Set<String> unique = new HashSet<>();
        long valid = 0;
        for (String f : s.files()) {
            ParsedFile p = SampleFiles.parse(landing, f);
            FileReport r = p.report();
            assertEquals(FileReport.PARTLY, r.status(), f + " holds valid and planted bad rows");
            assertEquals("inferred", r.layout().kind(), f);
            assertEquals(f.split("/")[1], r.accountId());
            assertTrue(r.conserves(), f);
            read += r.rowsRead();
            quarantined += r.rowsQuarantined();
            r.quarantinedByReason().forEach((k, v) -> byReason.merge(k, (long) v, Long::sum));
            for (LakeRecord rec : p.records()) {
                TransactionRecord t = (TransactionRecord) rec;
                valid++;
                unique.add(t.accountId() + "|" + t.bookingDate() + "|" + t.amount() + "|" + t.description() + "|"
                        + t.occurrence());
            }
        }
        assertEquals(rows, read);
        assertEquals(s.badRows(), quarantined);
        assertEquals(s.badRowsByKind(), byReason);
        assertEquals(6, byReason.size(), byReason.toString());
        double share = (double) quarantined / rows;
        assertTrue(share > 0.007 && share < 0.013, "bad-row share " + share);
        // Overlapping exports: the repeated head of each file is exactly what de-duplication removes.
        assertEquals(s.overlapRows(), valid - unique.size());
        double overlap = (double) s.overlapRows() / rows;
        assertTrue(overlap > 0.025 && overlap < 0.035, "overlap share " + overlap);
        assertTrue(s.repeatedRows() > rows / 400, "repeats " + s.repeatedRows());
    }

    @Test
    void a_single_file_and_tiny_inputs_work() {
        BenchData.Summary one = BenchData.write(dir.resolve("one"), 1_000, 1, 1);
        assertEquals(1_000, one.rows());
        assertEquals(0, one.overlapRows());
        BenchData.Summary none = BenchData.write(dir.resolve("none"), 0, 8, 1);
        assertEquals(0, none.rows());
        assertEquals(8, none.files().size());
    }
}
