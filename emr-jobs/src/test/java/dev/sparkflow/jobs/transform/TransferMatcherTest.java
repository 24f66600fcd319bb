package dev.sparkflow.jobs.transform;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferMatcherTest {
    private static TransferMatcher.Candidate tx(String id, String account, String date, String amount) {
        return new TransferMatcher.Candidate(id, account, LocalDate.parse(date), new BigDecimal(amount), "EUR");
    }

    @Test
    void an_outflow_and_an_inflow_of_the_same_amount_in_two_accounts_pair_up() {
        Map<String, String> legs = TransferMatcher.match(List.of(
                tx("a", "checking", "2025-01-31", "-300.00"),
                tx("b", "savings", "2025-02-01", "300.00")), 3);
        assertEquals(Map.of("a", "savings", "b", "checking"), legs);
    }

    @Test
    void movements_within_one_account_or_outside_the_window_are_not_transfers() {
        Map<String, String> legs = TransferMatcher.match(List.of(
                tx("a", "checking", "2025-01-01", "-50.00"),
                tx("b", "checking", "2025-01-01", "50.00"),
                tx("c", "savings", "2025-01-10", "50.00")), 3);
        assertTrue(legs.isEmpty());
    }

    @Test
    void each_leg_pairs_once_with_the_closest_date() {
        Map<String, String> legs = TransferMatcher.match(List.of(
                tx("out", "checking", "2025-03-10", "-100.00"),
                tx("far", "savings", "2025-03-12", "100.00"),
                tx("near", "card", "2025-03-10", "100.00")), 3);
        assertEquals(Map.of("out", "card", "near", "checking"), legs);
    }

    @Test
    void the_result_does_not_depend_on_input_order() {
        List<TransferMatcher.Candidate> rows = List.of(
                tx("o1", "checking", "2025-05-01", "-20.00"), tx("o2", "card", "2025-05-01", "-20.00"),
                tx("i1", "savings", "2025-05-02", "20.00"));
        List<TransferMatcher.Candidate> reversed = new java.util.ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        assertEquals(TransferMatcher.match(rows, 3), TransferMatcher.match(reversed, 3));
    }
}
