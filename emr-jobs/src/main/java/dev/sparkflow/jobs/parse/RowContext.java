package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.model.ReasonCode;

import java.time.LocalDate;
import java.util.List;

/** What row validation needs besides the row: config, the file's account (if fixed) and the ingest date. */
record RowContext(JobConfig config, CsvLayout layout, Accounts.Account fileAccount, LocalDate ingestDate) {

    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    /** Whether {@code date} is plausible for a household record. */
    boolean inRange(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(ingestDate);
    }

    /** The row's date column parsed and range-checked, or the rejection. */
    DateFormat.Result date(List<String> fields) {
        String cell = layout.field(fields, "date");
        DateFormat.Result date = layout.dates().parse(cell);
        if (date.ok() && !inRange(date.value())) return new DateFormat.Result(null, ReasonCode.DATE_OUT_OF_RANGE);
        return date;
    }
}
