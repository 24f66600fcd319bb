package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.model.ReasonCode;

import java.time.LocalDate;
import java.util.List;

/**
 * What row validation needs besides the row: config, the layout, the file's account (configured or inferred from
 * the file; rows of an account column name their own), the ingest date, and the accounts inferred so far.
 */
record RowContext(JobConfig config, CsvLayout layout, Accounts.Account fileAccount, LocalDate ingestDate,
                  InferredAccounts inferred) {

    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    RowContext(JobConfig config, CsvLayout layout, Accounts.Account fileAccount, LocalDate ingestDate) {
        this(config, layout, fileAccount, ingestDate, new InferredAccounts());
    }

    /** Whether {@code date} is plausible for a household record. */
    boolean inRange(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(ingestDate);
    }

    /** A date cell parsed and range-checked, or the rejection. */
    DateFormat.Result date(String cell) {
        DateFormat.Result date = layout.dates().parse(cell);
        if (date.ok() && !inRange(date.value())) return new DateFormat.Result(null, ReasonCode.DATE_OUT_OF_RANGE);
        return date;
    }

    /** The row's date column parsed and range-checked, or the rejection. */
    DateFormat.Result date(List<String> fields) {
        return date(layout.field(fields, "date"));
    }
}
