package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.time.LocalDate;

/** A validated row of any dataset: where it came from, its dataset and the date that places it in a month partition. */
public interface LakeRecord extends Serializable {
    int lineNumber();

    LocalDate date();

    /** The dataset the record belongs to: a statement file yields transactions and also balances or holdings. */
    LakeDataset dataset();
}
