package dev.sparkflow.jobs.parse;

import java.io.Serializable;

/** Reads a date cell: a fixed pattern from a source profile ({@link DateFormat}) or an inferred {@link DateStyle}. */
public interface DateReader extends Serializable {
    DateFormat.Result parse(String cell);

    /** How the layout report names this date style. */
    String pattern();
}
