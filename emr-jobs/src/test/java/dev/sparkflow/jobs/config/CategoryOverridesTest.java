package dev.sparkflow.jobs.config;

import dev.sparkflow.jobs.io.ClasspathConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config/category-overrides.csv: a header, then transaction id, category and an optional note per line. */
class CategoryOverridesTest {
    @Test
    void the_repositorys_file_is_a_header_and_no_override() {
        assertEquals(Map.of(), JobConfig.load(new ClasspathConfigSource()).overrides().byTransactionId());
        assertEquals(0.6, JobConfig.load(new ClasspathConfigSource()).categories().modelMinConfidence());
    }

    @Test
    void reads_ids_and_categories_with_or_without_a_note_skipping_blank_and_comment_lines() {
        CategoryOverrides o = CategoryOverrides.parse("""
                transaction_id,category,note
                t1,gifts,mother's day, with a comma
                # t2,ignored
                
                t3 , dining
                """);
        assertEquals(Map.of("t1", "gifts", "t3", "dining"), o.byTransactionId());
        assertNull(o.of("t2"));
    }

    @Test
    void a_missing_header_a_line_without_a_category_or_two_categories_for_one_id_fail_naming_the_line() {
        assertThrows(IllegalArgumentException.class, () -> CategoryOverrides.parse("t1,gifts\n"));
        IllegalArgumentException short_ = assertThrows(IllegalArgumentException.class,
                () -> CategoryOverrides.parse("transaction_id,category\nt1\n"));
        assertTrue(short_.getMessage().contains("line 2"), short_.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> CategoryOverrides.parse("transaction_id,category\nt1,gifts\nt1,dining\n"));
        assertTrue(twice.getMessage().contains("line 3") && twice.getMessage().contains("gifts"), twice.getMessage());
    }
}
