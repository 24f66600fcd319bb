package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.LakeRecord;

import java.util.List;

/** Turns the fields of one data row of a dataset into a record, or says why not. */
interface RowBuilder {
    RowOutcome build(List<String> fields, int lineNumber, RowContext ctx);

    /** A last pass over a file's valid records (numbering repeats, catching duplicate keys). */
    default List<RowOutcome> finish(List<LakeRecord> records) {
        return records.stream().map(RowOutcome::valid).toList();
    }
}
