package dev.sparkflow.jobs.transform;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferMatcherTest {
    private static TransferMatcher.Candidate tx(String id, String account, String date, long cents) {
        return new TransferMatcher.Candidate(id, account, LocalDate.parse(date).toEpochDay(), cents, "EUR");
    }

    /** id -> counterpart account, for the legs that paired. */
    private static Map<String, String> legs(List<TransferMatcher.Candidate> rows) {
        String[] counterpart = TransferMatcher.match(rows, 3);
        Map<String, String> legs = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (counterpart[i] != null) legs.put(rows.get(i).id(), counterpart[i]);
        }
        return legs;
    }

    @Test
    void an_outflow_and_an_inflow_of_the_same_amount_in_two_accounts_pair_up() {
        assertEquals(Map.of("a", "savings", "b", "checking"), legs(List.of(
                tx("a", "checking", "2025-01-31", -30000),
                tx("b", "savings", "2025-02-01", 30000))));
    }

    @Test
    void movements_within_one_account_or_outside_the_window_are_not_transfers() {
        assertTrue(legs(List.of(
                tx("a", "checking", "2025-01-01", -5000),
                tx("b", "checking", "2025-01-01", 5000),
                tx("c", "savings", "2025-01-10", 5000))).isEmpty());
    }

    @Test
    void different_currencies_never_pair() {
        assertTrue(legs(List.of(
                tx("a", "checking", "2025-01-01", -5000),
                new TransferMatcher.Candidate("b", "savings", LocalDate.parse("2025-01-01").toEpochDay(), 5000, "USD")))
                .isEmpty());
    }

    @Test
    void each_leg_pairs_once_with_the_closest_date() {
        assertEquals(Map.of("out", "card", "near", "checking"), legs(List.of(
                tx("out", "checking", "2025-03-10", -10000),
                tx("far", "savings", "2025-03-12", 10000),
                tx("near", "card", "2025-03-10", 10000))));
    }

    @Test
    void the_result_does_not_depend_on_input_order() {
        List<TransferMatcher.Candidate> rows = List.of(
                tx("o1", "checking", "2025-05-01", -2000), tx("o2", "card", "2025-05-01", -2000),
                tx("i1", "savings", "2025-05-02", 2000));
        List<TransferMatcher.Candidate> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        assertEquals(legs(rows), legs(reversed));
    }
}
