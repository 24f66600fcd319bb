package dev.sparkflow.jobs.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConservationTest {
    /** A file of a header and {@code read} rows. */
    private static FileReport report(int read, int valid, int quarantined, Map<String, Integer> byReason) {
        return report(read + 1, Map.of("header", 1), read, valid, quarantined, byReason);
    }

    private static FileReport report(int lines, Map<String, Integer> skipped, int read, int valid, int quarantined,
                                     Map<String, Integer> byReason) {
        return new FileReport("transactions/a.csv", "transactions", "sha", 10,
                FileReport.statusOf(valid, quarantined), null, null, null, "UTF-8", false, FileReport.Layout.NONE,
                "savings", lines, skipped, read, valid, quarantined, byReason, List.of("2025-01"));
    }

    @Test
    void a_file_whose_rows_add_up_passes() {
        assertDoesNotThrow(() -> Conservation.requireParsed(List.of(report(3, 2, 1, Map.of("INVALID_DATE", 1)))));
    }

    @Test
    void a_row_that_is_neither_valid_nor_quarantined_stops_the_job() {
        Conservation.Breach breach = assertThrows(Conservation.Breach.class,
                () -> Conservation.requireParsed(List.of(report(4, 2, 1, Map.of("INVALID_DATE", 1)))));
        assertTrue(breach.getMessage().contains("transactions/a.csv"), breach.getMessage());
    }

    @Test
    void a_line_that_is_neither_skipped_nor_a_row_stops_the_job() {
        assertDoesNotThrow(() -> Conservation.requireParsed(List.of(
                report(6, Map.of("header", 1, "blank", 1, "footer", 1), 3, 2, 1, Map.of("INVALID_DATE", 1)))));
        Conservation.Breach breach = assertThrows(Conservation.Breach.class, () -> Conservation.requireParsed(List.of(
                report(7, Map.of("header", 1, "blank", 1, "footer", 1), 3, 2, 1, Map.of("INVALID_DATE", 1)))));
        assertTrue(breach.getMessage().contains("lines 7"), breach.getMessage());
    }

    @Test
    void files_rejected_or_skipped_before_parsing_count_every_line() {
        FileReport unread = FileReport.rejected("transactions/big.csv", "transactions", "sha", 10,
                ReasonCode.FILE_TOO_LARGE, "too large", 12);
        FileReport duplicate = FileReport.duplicate("transactions/again.csv", "transactions", "sha", 10, "b1/x.csv", 5);
        assertEquals(Map.of("rejected_file", 12), unread.linesSkipped());
        assertEquals(Map.of("duplicate", 5), duplicate.linesSkipped());
        assertDoesNotThrow(() -> Conservation.requireParsed(List.of(unread, duplicate)));
    }

    @Test
    void reasons_that_do_not_add_up_to_the_quarantined_count_stop_the_job() {
        assertThrows(Conservation.Breach.class,
                () -> Conservation.requireParsed(List.of(report(3, 2, 1, Map.of("INVALID_DATE", 2)))));
    }

    @Test
    void a_lake_holding_fewer_rows_than_the_report_stops_the_job() {
        List<FileReport> files = List.of(report(3, 2, 1, Map.of("INVALID_DATE", 1)));
        assertDoesNotThrow(() -> Conservation.requireWritten(files, Map.of("transactions/a.csv", 2L), Map.of("transactions/a.csv", 1L)));
        assertThrows(Conservation.Breach.class,
                () -> Conservation.requireWritten(files, Map.of("transactions/a.csv", 1L), Map.of("transactions/a.csv", 1L)));
        assertThrows(Conservation.Breach.class, () -> Conservation.requireWritten(files, null, Map.of()));
    }

    @Test
    void curate_that_writes_other_than_before_plus_new_minus_duplicates_stops_the_job() {
        assertDoesNotThrow(() -> Conservation.requireCurated("transactions",
                new CurateReport.DatasetOutcome(10, 5, 3, 12, 0, List.of("2025-01"), Map.of())));
        assertThrows(Conservation.Breach.class, () -> Conservation.requireCurated("transactions",
                new CurateReport.DatasetOutcome(10, 5, 3, 11, 0, List.of("2025-01"), Map.of())));
    }
}
