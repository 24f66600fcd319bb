package dev.sparkflow.jobs.transform;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A pending row is replaced by its booked row when that arrives: same account, currency and amount, booked from a
 * few days before to {@link #SETTLE_DAYS} after the pending date (card holds settle within days; a pending row
 * dated nowhere carries the ingest date, so the booked row may be dated before it).
 */
final class PendingRows {
    /** Card authorisations settle within about a week; a longer wait is a different payment. */
    static final int SETTLE_DAYS = 10;
    /** A booked row may carry the purchase date, a few days before the pending row's export date. */
    static final int EARLIER_DAYS = 7;

    private PendingRows() {
    }

    /** Removes from {@code kept} the pending rows a booked row in {@code context} settles; returns how many. */
    static int dropSuperseded(List<CurateRow> kept, List<CurateRow> context) {
        boolean anyPending = false;
        for (CurateRow c : kept) anyPending |= c.pending;
        if (!anyPending) return 0; // the usual month: nothing to settle, nothing to index
        Map<String, List<CurateRow>> booked = new HashMap<>();
        for (CurateRow c : context) {
            if (!c.pending) booked.computeIfAbsent(key(c), k -> new java.util.ArrayList<>()).add(c);
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        int dropped = 0;
        for (Iterator<CurateRow> it = kept.iterator(); it.hasNext(); ) {
            CurateRow p = it.next();
            if (!p.pending) continue;
            for (CurateRow b : booked.getOrDefault(key(p), List.of())) {
                if (b.epochDay >= p.epochDay - EARLIER_DAYS && b.epochDay <= p.epochDay + SETTLE_DAYS && used.add(b.id)) {
                    it.remove();
                    dropped++;
                    break;
                }
            }
        }
        return dropped;
    }

    private static String key(CurateRow c) {
        return c.accountId + '\u0000' + c.currency + '\u0000' + c.cents;
    }
}
