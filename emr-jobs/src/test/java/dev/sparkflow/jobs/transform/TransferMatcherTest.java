package dev.sparkflow.jobs.transform;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
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
        return legs(rows, FxRates.NONE);
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
    void different_currencies_never_pair_without_rates() {
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

    // ---- across currencies: the ECB's euro rates of a few days, the USD one missing on 2025-04-21 (Easter Monday)

    private static final FxRates RATES = new FxRates.Builder(4)
            .add(LocalDate.parse("2025-04-17"), "EUR", "USD", new BigDecimal("1.1360"))
            .add(LocalDate.parse("2025-04-17"), "EUR", "GBP", new BigDecimal("0.8560"))
            .add(LocalDate.parse("2025-04-22"), "EUR", "USD", new BigDecimal("1.1500"))
            .add(LocalDate.parse("2025-04-22"), "EUR", "GBP", new BigDecimal("0.8600"))
            .build();

    private static TransferMatcher.Candidate fx(String id, String account, String date, long cents, String currency) {
        return new TransferMatcher.Candidate(id, account, LocalDate.parse(date).toEpochDay(), cents, currency);
    }

    private static Map<String, String> legs(List<TransferMatcher.Candidate> rows, FxRates rates) {
        String[] counterpart = TransferMatcher.match(rows, 3, rates);
        Map<String, String> legs = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (counterpart[i] != null) legs.put(rows.get(i).id(), counterpart[i]);
        }
        return legs;
    }

    @Test
    void a_euro_outflow_pairs_with_a_dollar_inflow_near_the_reference_rate_and_not_far_from_it() {
        // 1,000.00 EUR at 1.1500 is 1,150.00 USD; the app paid 1,131.75 (1.6 % margin).
        assertEquals(Map.of("out", "usd", "in", "checking"), legs(List.of(
                fx("out", "checking", "2025-04-22", -100000, "EUR"),
                fx("in", "usd", "2025-04-23", 113175, "USD")), RATES));
        // 1,250.00 USD is 8.7 % off the rate: two unrelated movements.
        assertTrue(legs(List.of(
                fx("out", "checking", "2025-04-22", -100000, "EUR"),
                fx("in", "usd", "2025-04-23", 125000, "USD")), RATES).isEmpty());
    }

    @Test
    void a_holiday_takes_the_latest_earlier_rate_within_the_look_back_and_beyond_it_nothing_pairs() {
        // Easter Monday: Thursday's 1.1360 (4 days back); 1,000.00 EUR -> 1,136.00 USD.
        assertEquals(2, legs(List.of(
                fx("out", "checking", "2025-04-21", -100000, "EUR"),
                fx("in", "usd", "2025-04-21", 113600, "USD")), RATES).size());
        assertEquals(1.1360, RATES.rate("EUR", "USD", LocalDate.parse("2025-04-21").toEpochDay()).getAsDouble(), 1e-9);
        assertTrue(RATES.rate("EUR", "USD", LocalDate.parse("2025-04-16").toEpochDay()).isEmpty());
        assertTrue(legs(List.of(
                fx("out", "checking", "2025-05-02", -100000, "EUR"),
                fx("in", "usd", "2025-05-02", 115000, "USD")), RATES).isEmpty());
    }

    @Test
    void two_foreign_currencies_pair_through_the_euro_cross_rate() {
        // 500.00 GBP -> USD at 1.1500 / 0.8600 = 1.33721: 668.60 USD.
        assertEquals(Map.of("gbp-out", "usd", "usd-in", "gbp"), legs(List.of(
                fx("gbp-out", "gbp", "2025-04-22", -50000, "GBP"),
                fx("usd-in", "usd", "2025-04-22", 66860, "USD")), RATES));
    }

    @Test
    void same_currency_pairs_first_and_the_inflow_nearest_the_rate_wins() {
        assertEquals(Map.of("out", "usd", "near", "checking", "eur-out", "savings", "eur-in", "checking"), legs(List.of(
                fx("out", "checking", "2025-04-22", -100000, "EUR"),
                fx("far", "usd", "2025-04-22", 113000, "USD"),
                fx("near", "usd", "2025-04-23", 114900, "USD"),
                fx("eur-out", "checking", "2025-04-22", -5000, "EUR"),
                fx("eur-in", "savings", "2025-04-22", 5000, "EUR")), RATES));
    }
}
