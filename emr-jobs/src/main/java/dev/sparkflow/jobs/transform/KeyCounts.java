package dev.sparkflow.jobs.transform;

import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;

import java.util.HashMap;
import java.util.Map;

/**
 * Rows counted per key (a source file, a category) as they go into a write, so the job's reports and its
 * conservation checks come with the write itself instead of a second pass over what was written. Counted in the write's
 * own tasks: Spark applies a result task's updates once per partition, retries included.
 */
public final class KeyCounts extends AccumulatorV2<String, Map<String, Long>> {
    private final HashMap<String, Long> counts = new HashMap<>();

    /** A new accumulator registered with {@code context} under {@code name}. */
    public static KeyCounts register(SparkContext context, String name) {
        KeyCounts counts = new KeyCounts();
        context.register(counts, name);
        return counts;
    }

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public KeyCounts copy() {
        KeyCounts copy = new KeyCounts();
        copy.counts.putAll(counts);
        return copy;
    }

    @Override
    public void reset() {
        counts.clear();
    }

    @Override
    public void add(String key) {
        counts.merge(key, 1L, Long::sum);
    }

    /** Adds {@code n} for {@code key}: a task counts in a local map and adds its totals once. */
    public void add(String key, long n) {
        if (n != 0) counts.merge(key, n, Long::sum);
    }

    @Override
    public void merge(AccumulatorV2<String, Map<String, Long>> other) {
        other.value().forEach(this::add);
    }

    @Override
    public Map<String, Long> value() {
        return counts;
    }

    /** The sum over all keys. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
