package dev.sparkflow.jobs.transform;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The euro reference rates curate knows (curated/fx_rates and this batch's), small enough to ship to every task: per
 * currency, its units per one euro by day. A rate between two other currencies goes through the euro (cross rate).
 * On a day without rates (weekends, TARGET holidays) the latest earlier one within the look-back is used: accounts.yml's
 * fx_lookback_days, which the marts' conversion uses too.
 */
public final class FxRates implements Serializable {
    /** The euro: the ECB's base currency. */
    public static final String EURO = "EUR";
    /** No rates at all: only same-currency transfers pair. */
    public static final FxRates NONE = new FxRates(Map.of(), 0);

    private final Map<String, TreeMap<Long, Double>> perEuro;
    private final int lookbackDays;

    private FxRates(Map<String, TreeMap<Long, Double>> perEuro, int lookbackDays) {
        this.perEuro = perEuro;
        this.lookbackDays = lookbackDays;
    }

    /** Collects euro rates one at a time; rates of another base are ignored (the ECB's are all per euro). */
    public static final class Builder {
        private final Map<String, TreeMap<Long, Double>> perEuro = new HashMap<>();
        private final int lookbackDays;

        /** @param lookbackDays how many days before an amount's day its rate may be */
        public Builder(int lookbackDays) {
            this.lookbackDays = lookbackDays;
        }

        public Builder add(LocalDate day, String base, String quote, BigDecimal rate) {
            if (EURO.equals(base) && rate.signum() > 0) {
                perEuro.computeIfAbsent(quote, k -> new TreeMap<>()).put(day.toEpochDay(), rate.doubleValue());
            }
            return this;
        }

        public FxRates build() {
            return new FxRates(Map.copyOf(perEuro), lookbackDays);
        }
    }

    public boolean isEmpty() {
        return perEuro.isEmpty();
    }

    /** Units of {@code to} one unit of {@code from} buys on {@code epochDay} (or the latest earlier day in the look-back). */
    public OptionalDouble rate(String from, String to, long epochDay) {
        if (from.equals(to)) return OptionalDouble.of(1.0);
        OptionalDouble fromPerEuro = perEuro(from, epochDay), toPerEuro = perEuro(to, epochDay);
        if (fromPerEuro.isEmpty() || toPerEuro.isEmpty()) return OptionalDouble.empty();
        return OptionalDouble.of(toPerEuro.getAsDouble() / fromPerEuro.getAsDouble());
    }

    private OptionalDouble perEuro(String currency, long epochDay) {
        if (EURO.equals(currency)) return OptionalDouble.of(1.0);
        TreeMap<Long, Double> days = perEuro.get(currency);
        Map.Entry<Long, Double> found = days == null ? null : days.floorEntry(epochDay);
        return found == null || epochDay - found.getKey() > lookbackDays ? OptionalDouble.empty()
                : OptionalDouble.of(found.getValue());
    }
}
