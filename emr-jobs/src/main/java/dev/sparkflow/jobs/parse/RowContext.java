package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.config.JobConfig;

import java.time.LocalDate;

/** What row validation needs besides the row: config, the file's account (if fixed) and the ingest date. */
record RowContext(JobConfig config, CsvLayout layout, Accounts.Account fileAccount, LocalDate ingestDate) {

    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    /** Null when {@code date} is plausible for a household record. */
    boolean inRange(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(ingestDate);
    }
}
