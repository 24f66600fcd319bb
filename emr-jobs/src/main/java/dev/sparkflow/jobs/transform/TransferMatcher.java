package dev.sparkflow.jobs.transform;

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

    /** What the matcher needs of a transaction: amount in minor units, date as epoch day. */
    public record Candidate(String id, String accountId, long epochDay, long cents, String currency) {
    }

    /** For each candidate (same order), the counterpart's account id when it is one leg of a transfer, else null. */
    public static String[] match(List<Candidate> rows, int windowDays) {
        Map<Long, List<Integer>> byAmount = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            long cents = rows.get(i).cents();
            if (cents != 0) byAmount.computeIfAbsent(Math.abs(cents), k -> new ArrayList<>(2)).add(i);
        }
        String[] counterpart = new String[rows.size()];
        Comparator<Integer> order = Comparator.<Integer>comparingLong(i -> rows.get(i).epochDay())
                .thenComparing(i -> rows.get(i).id());
        for (List<Integer> group : byAmount.values()) {
            if (group.size() < 2) continue;
            group.sort(order);
            List<Integer> inflows = group.stream().filter(i -> rows.get(i).cents() > 0).toList();
            if (inflows.isEmpty()) continue;
            for (int o : group) {
                Candidate out = rows.get(o);
                if (out.cents() > 0) continue;
                int best = -1;
                long bestGap = Long.MAX_VALUE;
                for (int i : inflows) {
                    Candidate in = rows.get(i);
                    if (in.epochDay() > out.epochDay() + windowDays) break;
                    long gap = Math.abs(in.epochDay() - out.epochDay());
                    if (counterpart[i] == null && gap <= windowDays && gap < bestGap
                            && !in.accountId().equals(out.accountId()) && in.currency().equals(out.currency())) {
                        best = i;
                        bestGap = gap;
                    }
                }
                if (best >= 0) {
                    counterpart[o] = rows.get(best).accountId();
                    counterpart[best] = out.accountId();
                }
            }
        }
        return counterpart;
    }
}
