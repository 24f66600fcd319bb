package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.TestConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CategoriserTest {
    private final Categoriser categoriser = new Categoriser(TestConfig.get().categories());

    @Test
    void the_first_matching_rule_wins() {
        assertEquals("groceries", categoriser.categorise("Rewe", "REWE Markt Köln", true));
    }

    @Test
    void a_rule_for_money_in_does_not_match_money_out() {
        assertEquals("income", categoriser.categorise("Acme", "Gehalt Oktober", false));
        assertEquals(Categoriser.UNCATEGORISED, categoriser.categorise("Acme", "Gehalt Oktober", true));
    }
}
