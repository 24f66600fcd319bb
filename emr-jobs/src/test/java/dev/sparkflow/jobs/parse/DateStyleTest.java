package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DateStyleTest {
    private static final LocalDate INGEST = LocalDate.of(2026, 12, 1);

    @ParameterizedTest(name = "''{0}'' read {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "13 Jun 2025|DMY|2025-06-13", "Jun 13, 2025|MDY|2025-06-13", "13-Jun-25|DMY|2025-06-13",
            "13. Juni 2025|DMY|2025-06-13", "13 juin 2025|DMY|2025-06-13", "2 mrt 2025|DMY|2025-03-02",
            "2025.12.04|YMD|2025-12-04", "2012/3/22|YMD|2012-03-22", "20250613|YMD|2025-06-13",
            "2025-06-13T10:15:30+02:00|YMD|2025-06-13", "06/13/2025 10:15 AM|MDY|2025-06-13",
            "13.06.25|DMY|2025-06-13", "Fri, 13 Jun 2025|DMY|2025-06-13", "2025年06月13日|YMD|2025-06-13",
            "04/17/2023 as of 04/15/2023|MDY|2023-04-17"})
    void a_date_cell_is_read_in_its_style(String cell, DateStyle.Order order, String expected) {
        assertEquals(LocalDate.parse(expected), new DateStyle(order).parse(cell).value());
    }

    @Test
    void the_right_shape_with_no_such_day_is_impossible_and_words_are_invalid() {
        assertEquals(ReasonCode.IMPOSSIBLE_DATE, new DateStyle(DateStyle.Order.DMY).parse("31.02.2025").error());
        assertEquals(ReasonCode.INVALID_DATE, new DateStyle(DateStyle.Order.DMY).parse("Pending").error());
        assertEquals(ReasonCode.MISSING_DATE, new DateStyle(DateStyle.Order.DMY).parse("  ").error());
    }

    @Test
    void one_day_above_twelve_decides_the_order_for_the_whole_column() {
        Inference.DateChoice choice = Inference.dateStyle(List.of("01/02/2025", "05/02/2025", "13/02/2025"), INGEST, null);
        assertEquals("day-month-year", choice.format().pattern());
    }

    @Test
    void a_column_that_reads_both_ways_is_decided_by_its_order_or_called_ambiguous() {
        // month-first keeps the statement sorted (Jan 2, Mar 4, May 6); day-first would jump Feb 1, Apr 3, Jun 5 too
        // — both sorted: ambiguous unless a hint decides.
        List<String> both = List.of("01/02/2025", "03/04/2025", "05/06/2025");
        assertTrue(Inference.dateStyle(both, INGEST, null).ambiguous());
        assertEquals("day-month-year", Inference.dateStyle(both, INGEST, true).format().pattern());
        List<String> sortedOnlyMonthFirst = List.of("01/12/2025", "02/01/2025", "02/03/2025");
        assertEquals("month-day-year", Inference.dateStyle(sortedOnlyMonthFirst, INGEST, null).format().pattern());
        assertNull(Inference.dateStyle(List.of("01/02/2025", "03/04/2025"), INGEST, null).format());
    }
}
