package dev.sparkflow.jobs.job;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} arguments of the job entry points, with clear errors for unknown or missing ones. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    public Args(String[] argv, int from, Set<String> allowed) {
        for (int i = from; i < argv.length; i++) {
            String name = argv[i];
            if (!name.startsWith("--") || !allowed.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown argument " + name + "; expected one of --" + String.join(", --", allowed));
            }
            if (i + 1 >= argv.length) throw new IllegalArgumentException(name + " needs a value");
            values.put(name.substring(2), argv[++i]);
        }
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }

    public String optional(String name) {
        return values.get(name);
    }

    public long number(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
    }

    /** The ingest date: --ingest-date or today in UTC. */
    public LocalDate ingestDate() {
        String v = values.get("ingest-date");
        return v == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(v);
    }
}
