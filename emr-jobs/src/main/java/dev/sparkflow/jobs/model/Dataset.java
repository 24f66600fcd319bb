package dev.sparkflow.jobs.model;

import java.util.Locale;

/** The datasets an owner can drop; their folder names are checked against config/lake.yml at load. */
public enum Dataset {
    TRANSACTIONS, BALANCES, BUDGETS;

    /** The folder name under each lake zone. */
    public String dirName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Dataset fromDirName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
