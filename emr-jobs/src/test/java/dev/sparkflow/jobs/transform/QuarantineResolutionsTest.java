package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.model.QuarantineEntry;
import dev.sparkflow.jobs.model.Resolution;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How re-reading a file settles its open quarantine entries, line by line. */
class QuarantineResolutionsTest {
    private static final QuarantineEntry FIXED = new QuarantineEntry("b1", "budgets/a.csv", "aaa", 2, "UNKNOWN_CATEGORY"),
            SAME = new QuarantineEntry("b1", "budgets/a.csv", "aaa", 3, "UNKNOWN_CATEGORY"),
            OTHER = new QuarantineEntry("b1", "budgets/a.csv", "aaa", 4, "UNKNOWN_CATEGORY"),
            NOT_READ = new QuarantineEntry("b1", "transactions/b.csv", "bbb", 7, "IMPOSSIBLE_DATE");

    @Test
    void a_line_that_passes_is_resolved_one_failing_alike_stays_open_and_one_failing_otherwise_is_superseded() {
        Map<String, Map<Integer, String>> now = Map.of("aaa", Map.of(3, "UNKNOWN_CATEGORY", 4, "NEGATIVE_BUDGET"));

        QuarantineResolutions.Settled settled = QuarantineResolutions.settle(List.of(FIXED, SAME, OTHER, NOT_READ), now, "r1");

        assertEquals(List.of(new Resolution(FIXED, "r1", Resolution.RESOLVED, null),
                new Resolution(OTHER, "r1", Resolution.SUPERSEDED, "NEGATIVE_BUDGET")), settled.resolutions());
        assertEquals(Set.of(QuarantineResolutions.rejectionKey("aaa", 3, "UNKNOWN_CATEGORY")), settled.stillOpen());
    }

    @Test
    void an_entry_is_open_until_a_replay_settles_it() {
        List<QuarantineEntry> open = QuarantineResolutions.open(List.of(FIXED, SAME, NOT_READ), Set.of(FIXED.key()));

        assertEquals(List.of(SAME, NOT_READ), open);
        assertEquals(Map.of("IMPOSSIBLE_DATE", 1L, "UNKNOWN_CATEGORY", 1L), QuarantineResolutions.byReason(open));
    }
}
