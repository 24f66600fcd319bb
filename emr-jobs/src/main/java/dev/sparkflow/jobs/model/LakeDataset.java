package dev.sparkflow.jobs.model;

import java.util.Locale;

/**
 * The datasets of the lake; their folder names are checked against config/lake.yml at load. An owner drops files
 * for the {@link #landed} ones; holdings only come out of statements (an OFX investment statement's positions).
 * Exchange rates (fx_rates) are dropped like any file, and an ECB rates file is known by its content wherever it lands.
 */
public enum LakeDataset {
    TRANSACTIONS(true), BALANCES(true), BUDGETS(true), HOLDINGS(false), FX_RATES(true);

    private final boolean landed;

    LakeDataset(boolean landed) {
        this.landed = landed;
    }

    /** Whether an owner drops files for this dataset under landing/ (else its rows come out of other files). */
    public boolean landed() {
        return landed;
    }

    /** The folder name under each lake zone. */
    public String dirName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LakeDataset fromDirName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
