package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.TestConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MerchantCleanerTest {
    private final MerchantCleaner cleaner = new MerchantCleaner(TestConfig.get().categories());

    @Test
    void a_configured_alias_names_the_merchant() {
        assertEquals("Amazon", cleaner.clean("AMZN Mktp DE*2K3L45 Amzn.com/bill"));
    }

    @Test
    void payment_prefixes_references_and_dates_are_dropped() {
        assertEquals("Bäckerei Schmidt Köln", cleaner.clean("KARTENZAHLUNG Bäckerei Schmidt Köln 12.03 REF 99812734"));
    }

    @Test
    void the_memo_after_a_slash_is_not_part_of_the_merchant() {
        assertEquals("Corner Cafe", cleaner.clean("CORNER CAFE / table 4"));
    }

    @Test
    void a_description_of_only_noise_keeps_its_text() {
        assertEquals("123456789", cleaner.clean("123456789"));
    }
}
