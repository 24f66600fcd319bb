package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.util.List;

/** The outcome of parsing one file: its report, its valid records and its rejected rows. */
public record ParsedFile(FileReport report, List<? extends LakeRecord> records, List<Rejection> rejections)
        implements Serializable {
    public ParsedFile {
        records = List.copyOf(records);
        rejections = List.copyOf(rejections);
    }
}
