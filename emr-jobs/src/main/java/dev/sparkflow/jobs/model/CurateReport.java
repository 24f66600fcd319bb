package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The outcome of one curate run, per dataset: rows in, duplicates dropped, transfers, rows per month. */
public record CurateReport(String batchId, Map<String, DatasetOutcome> datasets) implements Serializable {

    /**
     * What curate did to one dataset. {@code rowsBefore + rowsNew - duplicatesDropped == rowsAfter}; transactions are
     * counted per category and per category source ({@link CategorySource}).
     */
    public record DatasetOutcome(long rowsNew, long rowsBefore, long duplicatesDropped, long rowsAfter,
                                 long transfers, List<String> monthsWritten, Map<String, Long> rowsByCategory,
                                 Map<String, Long> rowsByCategorySource)
            implements Serializable {
        public DatasetOutcome {
            monthsWritten = List.copyOf(monthsWritten);
            rowsByCategory = new TreeMap<>(rowsByCategory);
            rowsByCategorySource = rowsByCategorySource == null ? Map.of() : new TreeMap<>(rowsByCategorySource);
        }

        /** An outcome with no count per category source (a dataset that has none). */
        public DatasetOutcome(long rowsNew, long rowsBefore, long duplicatesDropped, long rowsAfter, long transfers,
                              List<String> monthsWritten, Map<String, Long> rowsByCategory) {
            this(rowsNew, rowsBefore, duplicatesDropped, rowsAfter, transfers, monthsWritten, rowsByCategory, Map.of());
        }

        public boolean conserves() {
            return rowsBefore + rowsNew - duplicatesDropped == rowsAfter;
        }
    }

    public CurateReport {
        datasets = new TreeMap<>(datasets);
    }
}
