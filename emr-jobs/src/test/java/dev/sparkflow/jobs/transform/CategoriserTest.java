package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.TestConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CategoriserTest {
    private final Categoriser categoriser = new Categoriser(TestConfig.get().categories());

    @Test
    void the_first_matching_rule_wins() {
        assertEquals("groceries", categoriser.categorise("Rewe", "REWE Markt Köln", new BigDecimal("-23.10"), false));
    }

    @Test
    void a_rule_for_money_in_does_not_match_money_out() {
        assertEquals("income", categoriser.categorise("Acme", "Gehalt Oktober", new BigDecimal("3100.00"), false));
        assertEquals(Categoriser.UNCATEGORISED, categoriser.categorise("Acme", "Gehalt Oktober", new BigDecimal("-3100.00"), false));
    }

    @Test
    void a_transfer_is_a_transfer_whatever_its_text() {
        assertEquals(Categoriser.TRANSFER, categoriser.categorise("Rewe", "REWE", new BigDecimal("-5.00"), true));
    }
}
