package dev.sparkflow.jobs.transform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs transfers between the owner's accounts: an outflow and an inflow of the same amount and currency
 * in two different accounts within a few days. Each row pairs at most once; the closest date wins, ties
 * broken by id, so the result does not depend on input order. Then, among the rows left, an outflow in one currency
 * pairs with an inflow in another when the inflow is the outflow converted at the reference rate of the outflow's
 * day within {@link #FX_TOLERANCE}: the nearest to the rate wins, then the closest date, then the id.
 */
public final class TransferMatcher {
    /**
     * How far a cross-currency transfer's amounts may stray from the reference rate: a bank's or money app's margin
     * on a transfer between one's own accounts is typically 0.5-2 %, and a rate moves by well under 1 % in the few
     * days a transfer takes; 3 % takes both and still keeps apart unrelated amounts.
     */
    public static final double FX_TOLERANCE = 0.03;

    private TransferMatcher() {
    }

    /** What the matcher needs of a transaction: amount in minor units, date as epoch day. */
    public record Candidate(String id, String accountId, long epochDay, long cents, String currency) {
    }

    /** For each candidate (same order), the counterpart's account id when it is one leg of a transfer, else null. */
    public static String[] match(List<Candidate> rows, int windowDays) {
        return match(rows, windowDays, FxRates.NONE);
    }

    /** As {@link #match(List, int)}, then pairs the rows left across currencies at the reference {@code rates}. */
    public static String[] match(List<Candidate> rows, int windowDays, FxRates rates) {
        String[] counterpart = sameCurrency(rows, windowDays);
        if (!rates.isEmpty()) acrossCurrencies(rows, windowDays, rates, counterpart);
        return counterpart;
    }

    private static String[] sameCurrency(List<Candidate> rows, int windowDays) {
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

    /** Pairs unmatched outflows and inflows of different currencies whose amounts agree with the rate. */
    private static void acrossCurrencies(List<Candidate> rows, int windowDays, FxRates rates, String[] counterpart) {
        List<Integer> outflows = new ArrayList<>(), inflows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (counterpart[i] != null || rows.get(i).cents() == 0) continue;
            (rows.get(i).cents() < 0 ? outflows : inflows).add(i);
        }
        if (outflows.isEmpty() || inflows.isEmpty()
                || rows.stream().map(Candidate::currency).distinct().limit(2).count() < 2) return;
        Comparator<Integer> order = Comparator.<Integer>comparingLong(i -> rows.get(i).epochDay())
                .thenComparing(i -> rows.get(i).id());
        outflows.sort(order);
        for (int o : outflows) {
            Candidate out = rows.get(o);
            int best = -1;
            double bestMiss = Double.MAX_VALUE;
            long bestGap = Long.MAX_VALUE;
            for (int i : inflows) {
                Candidate in = rows.get(i);
                long gap = Math.abs(in.epochDay() - out.epochDay());
                if (counterpart[i] != null || gap > windowDays || in.currency().equals(out.currency())
                        || in.accountId().equals(out.accountId())) continue;
                java.util.OptionalDouble rate = rates.rate(out.currency(), in.currency(), out.epochDay());
                if (rate.isEmpty()) continue;
                double miss = Math.abs(in.cents() / (-out.cents() * rate.getAsDouble()) - 1.0);
                if (miss > FX_TOLERANCE) continue;
                if (miss < bestMiss || miss == bestMiss && (gap < bestGap
                        || gap == bestGap && in.id().compareTo(rows.get(best).id()) < 0)) {
                    best = i;
                    bestMiss = miss;
                    bestGap = gap;
                }
            }
            if (best >= 0) {
                counterpart[o] = rows.get(best).accountId();
                counterpart[best] = out.accountId();
            }
        }
    }
}
