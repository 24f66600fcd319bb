package dev.sparkflow.jobs.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileReportTest {
    private static FileReport parsed(String reason, String detail, int valid, Map<String, Integer> byReason) {
        int quarantined = byReason.values().stream().mapToInt(Integer::intValue).sum();
        return new FileReport("transactions/a.csv", "transactions", "sha", 10, FileReport.statusOf(valid, quarantined),
                reason, detail, null, "UTF-8", false, FileReport.Layout.NONE, null, valid + quarantined, Map.of(),
                valid + quarantined, valid, quarantined, byReason, List.of());
    }

    @Test
    void a_file_is_ingested_only_when_every_row_is_valid_and_rejected_whenever_none_is() {
        assertEquals(FileReport.INGESTED, FileReport.statusOf(3, 0));
        assertEquals(FileReport.PARTLY, FileReport.statusOf(3, 1));
        assertEquals(FileReport.REJECTED, FileReport.statusOf(0, 4));
        assertEquals(FileReport.REJECTED, FileReport.statusOf(0, 0));
    }

    @Test
    void ingested_and_partly_files_count_as_taken_in_and_rejected_ones_do_not() {
        assertTrue(parsed(null, null, 3, Map.of()).tookIn());
        assertTrue(parsed(null, null, 3, Map.of("INVALID_DATE", 1)).tookIn());
        assertFalse(parsed(null, null, 0, Map.of("INVALID_DATE", 2)).tookIn());
        assertFalse(FileReport.duplicate("a.csv", "transactions", "sha", 1, "b1/a.csv", 1).tookIn());
    }

    @Test
    void a_rejected_file_says_why_on_one_line() {
        assertEquals("INVALID_OFX: java.lang.IllegalStateException: bad state at line 3",
                FileReport.rejected("t/a.csv", "transactions", "sha", 1, ReasonCode.INVALID_OFX,
                        "java.lang.IllegalStateException: bad state\n\tat line 3", 1).rejectedBecause());
        assertEquals("UNKNOWN_LAYOUT", parsed("UNKNOWN_LAYOUT", null, 0, Map.of("UNKNOWN_LAYOUT", 2)).rejectedBecause());
        assertEquals("every row quarantined: IMPOSSIBLE_DATE 2, INVALID_AMOUNT 1",
                parsed(null, null, 0, Map.of("INVALID_AMOUNT", 1, "IMPOSSIBLE_DATE", 2)).rejectedBecause());
    }

    @Test
    void a_long_file_detail_is_cut_with_a_marker() {
        String detail = FileReport.rejected("t/a.csv", "transactions", "sha", 1, ReasonCode.INVALID_OFX,
                "x".repeat(100_000), 1).fileDetail();
        assertTrue(detail.startsWith("x".repeat(Clip.MAX_DETAIL_CHARS) + " …[cut: 100000 characters in all]"), detail);
        assertTrue(detail.length() < Clip.MAX_DETAIL_CHARS + 50);
    }

    @Test
    void a_gigantic_raw_line_is_kept_only_as_a_few_kilobytes_with_a_marker() {
        Rejection r = new Rejection(2, "y".repeat(5_000_000), ReasonCode.LINE_TOO_LONG, "5000000 characters");
        assertEquals("y".repeat(Rejection.MAX_RAW_CHARS) + " …[cut: 5000000 characters in all]", r.rawText());
        assertEquals("short", new Rejection(2, "short", ReasonCode.LINE_TOO_LONG, null).rawText());
    }

    @Test
    void the_run_ends_naming_the_files_rejected_whole_and_why() {
        FileReport good = parsed(null, null, 3, Map.of("INVALID_DATE", 1));
        FileReport unread = FileReport.rejected("transactions/deep.ofx", "transactions", "sha", 1,
                ReasonCode.INVALID_OFX, "aggregates nest more than 64 deep from line 70", 9);
        FileReport allBad = new FileReport("budgets/b.csv", "budgets", "sha", 10, FileReport.REJECTED, null, null,
                null, "UTF-8", false, FileReport.Layout.NONE, null, 3, Map.of("header", 1), 2, 0, 2,
                Map.of("INVALID_MONTH", 2), List.of());
        assertEquals("rejected whole: none", new IngestReport("b", "2026-11-21", "/lake", List.of(good), List.of(), Map.of())
                .rejectedLine());
        assertEquals("rejected whole: 2 files: transactions/deep.ofx (INVALID_OFX: aggregates nest more than 64"
                        + " deep from line 70); budgets/b.csv (every row quarantined: INVALID_MONTH 2)",
                new IngestReport("b", "2026-11-21", "/lake", List.of(good, unread, allBad), List.of(), Map.of()).rejectedLine());
    }

    @Test
    void months_of_a_dataset_skip_files_of_no_dataset() {
        FileReport stray = FileReport.rejected("stray.txt", null, "sha", 1, ReasonCode.UNKNOWN_DATASET, null, 1);
        FileReport jan = new FileReport("transactions/a.csv", "transactions", "sha", 10, FileReport.INGESTED, null,
                null, null, "UTF-8", false, FileReport.Layout.NONE, null, 1, Map.of(), 1, 1, 0, Map.of(),
                List.of("2025-01"));
        assertEquals(List.of("2025-01"), new IngestReport("b", "2026-11-21", "/lake", List.of(stray, jan), List.of(), Map.of())
                .months(LakeDataset.TRANSACTIONS));
    }
}
