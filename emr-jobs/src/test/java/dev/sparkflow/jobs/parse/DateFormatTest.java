package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict date patterns: an impossible date (right shape) is told apart from text that is no date at all. */
class DateFormatTest {

    private static LocalDate date(String pattern, String cell) {
        DateFormat.Result r = new DateFormat(pattern).parse(cell);
        assertNull(r.error(), () -> "'" + cell + "' in " + pattern + ": " + r.error());
        return r.value();
    }

    private static ReasonCode error(String pattern, String cell) {
        return new DateFormat(pattern).parse(cell).error();
    }

    @ParameterizedTest(name = "''{1}'' in {0} is {2}")
    @CsvSource(delimiter = '|', value = {
            "yyyy-MM-dd|2024-01-05|2024-01-05", "yyyy-MM-dd|2024-02-29|2024-02-29", "dd.MM.yyyy|31.12.2023|2023-12-31",
            "dd/MM/yyyy|13/01/2024|2024-01-13", "MM/dd/yyyy|01/13/2024|2024-01-13", "dd.MM.yy|05.01.24|2024-01-05",
            "yyyyMMdd|20240105|2024-01-05", "yyyy/MM/dd|2024/01/05|2024-01-05", "dd-MM-yyyy|05-01-2024|2024-01-05"})
    void a_well_formed_date_is_read(String pattern, String cell, LocalDate expected) {
        assertEquals(expected, date(pattern, cell));
    }

    @ParameterizedTest(name = "''{1}'' in {0} is {2}")
    @CsvSource(delimiter = '|', value = {
            "dd.MM.yyyy|31.02.2024|IMPOSSIBLE_DATE", "yyyy-MM-dd|2023-02-29|IMPOSSIBLE_DATE",
            "MM/dd/yyyy|13/13/2024|IMPOSSIBLE_DATE", "dd/MM/yyyy|00/01/2024|IMPOSSIBLE_DATE",
            "yyyyMMdd|20240231|IMPOSSIBLE_DATE", "yyyy-MM-dd|2024-04-31|IMPOSSIBLE_DATE",
            "dd.MM.yyyy|5.1.2024|INVALID_DATE", "MM/dd/yyyy|13-13-2024|INVALID_DATE", "yyyy-MM-dd|05.01.2024|INVALID_DATE",
            "yyyy-MM-dd|yesterday|INVALID_DATE", "yyyy-MM-dd|2024-01-05x|INVALID_DATE", "dd.MM.yyyy|05.01.24|INVALID_DATE"})
    void a_bad_date_is_impossible_when_it_has_the_shape_and_invalid_otherwise(String pattern, String cell, ReasonCode expected) {
        assertEquals(expected, error(pattern, cell));
    }

    @Test
    void an_empty_cell_is_a_missing_date() {
        assertEquals(ReasonCode.MISSING_DATE, error("yyyy-MM-dd", ""));
        assertEquals(ReasonCode.MISSING_DATE, error("yyyy-MM-dd", "   "));
    }

    @Test
    void a_time_after_the_date_is_ignored() {
        assertEquals(LocalDate.of(2024, 1, 5), date("yyyy-MM-dd", "2024-01-05 00:00:00"));
        assertEquals(LocalDate.of(2024, 1, 5), date("yyyy-MM-dd", "2024-01-05T10:15"));
        assertEquals(LocalDate.of(2024, 1, 5), date("dd.MM.yyyy", " 05.01.2024 13:45 "));
    }

    @Test
    void day_first_is_told_from_month_first() {
        assertTrue(new DateFormat("dd/MM/yyyy").dayFirst());
        assertTrue(new DateFormat("dd.MM.yy").dayFirst());
        assertFalse(new DateFormat("MM/dd/yyyy").dayFirst());
        assertFalse(new DateFormat("yyyy-MM-dd").dayFirst());
    }

    @Test
    void a_repeated_cell_gives_the_same_answer_from_the_cache() {
        DateFormat format = new DateFormat("dd.MM.yyyy");
        assertEquals(format.parse("05.01.2024"), format.parse("05.01.2024"));
        assertEquals(ReasonCode.IMPOSSIBLE_DATE, format.parse("31.02.2024").error());
        assertEquals(ReasonCode.IMPOSSIBLE_DATE, format.parse("31.02.2024").error(), "failures are not cached as dates");
    }

    @Test
    void a_shared_format_can_be_used_from_parallel_threads() throws Exception {
        // OfxFileParser keeps one yyyyMMdd format for all files; Spark runs several files at once in one JVM.
        DateFormat shared = new DateFormat("yyyyMMdd");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 6000; i++) {
                        LocalDate d = LocalDate.of(2000, 1, 1).plusDays((i * 7L + offset) % 9000);
                        if (!d.equals(shared.parse(d.toString().replace("-", "")).value())) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) assertTrue(r.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_format_still_parses_after_java_serialisation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new DateFormat("dd.MM.yyyy"));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            DateFormat copy = (DateFormat) in.readObject();
            assertEquals("dd.MM.yyyy", copy.pattern());
            assertEquals(LocalDate.of(2024, 1, 5), copy.parse("05.01.2024").value());
            assertEquals(ReasonCode.IMPOSSIBLE_DATE, copy.parse("31.02.2024").error());
        }
    }
}
