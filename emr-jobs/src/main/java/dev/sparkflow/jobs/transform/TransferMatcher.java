package dev.sparkflow.jobs.transform;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs transfers between the owner's accounts: an outflow and an inflow of the same amount and currency
 * in two different accounts within a few days. Each row pairs at most once; the closest date wins, ties
 * broken by id, so the result does not depend on input order.
 */
public final class TransferMatcher {
    private TransferMatcher() {
    }

    /** What the matcher needs of a transaction. */
    public record Candidate(String id, String accountId, LocalDate date, BigDecimal amount, String currency) {
    }

    /** id -> the counterpart's account id, for every row that is one leg of a transfer. */
    public static Map<String, String> match(List<Candidate> rows, int windowDays) {
        Map<String, List<Candidate>> byAmount = new HashMap<>();
        for (Candidate c : rows) {
            if (c.amount().signum() == 0) continue;
            byAmount.computeIfAbsent(c.amount().abs().toPlainString() + c.currency(), k -> new ArrayList<>()).add(c);
        }
        Map<String, String> legs = new HashMap<>();
        Comparator<Candidate> order = Comparator.comparing(Candidate::date).thenComparing(Candidate::id);
        for (List<Candidate> group : byAmount.values()) {
            List<Candidate> out = group.stream().filter(c -> c.amount().signum() < 0).sorted(order).toList();
            List<Candidate> in = new ArrayList<>(group.stream().filter(c -> c.amount().signum() > 0).sorted(order).toList());
            if (out.isEmpty() || in.isEmpty()) continue;
            for (Candidate o : out) {
                Candidate best = null;
                long bestGap = Long.MAX_VALUE;
                for (Candidate i : in) {
                    long gap = Math.abs(ChronoUnit.DAYS.between(o.date(), i.date()));
                    if (i.accountId().equals(o.accountId()) || gap > windowDays) continue;
                    if (gap < bestGap) {
                        best = i;
                        bestGap = gap;
                    }
                }
                if (best != null) {
                    in.remove(best);
                    legs.put(o.id(), best.accountId());
                    legs.put(best.id(), o.accountId());
                }
            }
        }
        return legs;
    }
}
