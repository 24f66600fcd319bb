package dev.sparkflow.jobs.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The outcome of one curate run, per dataset: rows in, duplicates dropped, transfers, rows per month. */
public record CurateReport(String batchId, Map<String, DatasetOutcome> datasets) implements Serializable {

    /**
     * What curate did to one dataset. {@code rowsBefore + rowsNew - duplicatesDropped == rowsAfter}; the duplicates
     * include the rows dropped as {@code crossFormatMatches} (the same transaction from another file or format), each
     * with the rule that matched it, and {@code crossFormatByRule} counts them per rule. Transactions are counted per
     * category and per category source ({@link CategorySource}).
     */
    public record DatasetOutcome(long rowsNew, long rowsBefore, long duplicatesDropped, long rowsAfter,
                                 long transfers, List<String> monthsWritten, Map<String, Long> rowsByCategory,
                                 Map<String, Long> rowsByCategorySource, List<CrossFormatMatch> crossFormatMatches,
                                 Map<String, Long> crossFormatByRule)
            implements Serializable {
        public DatasetOutcome {
            monthsWritten = List.copyOf(monthsWritten);
            rowsByCategory = new TreeMap<>(rowsByCategory);
            rowsByCategorySource = rowsByCategorySource == null ? Map.of() : new TreeMap<>(rowsByCategorySource);
            crossFormatMatches = crossFormatMatches == null ? List.of() : List.copyOf(crossFormatMatches);
            crossFormatByRule = new TreeMap<>(crossFormatByRule == null ? Map.of() : crossFormatByRule);
        }

        /** An outcome with no count per category source and no cross-format matches (snapshot datasets have neither). */
        public DatasetOutcome(long rowsNew, long rowsBefore, long duplicatesDropped, long rowsAfter, long transfers,
                              List<String> monthsWritten, Map<String, Long> rowsByCategory) {
            this(rowsNew, rowsBefore, duplicatesDropped, rowsAfter, transfers, monthsWritten, rowsByCategory, Map.of(),
                    List.of(), Map.of());
        }

        public boolean conserves() {
            return rowsBefore + rowsNew - duplicatesDropped == rowsAfter;
        }
    }

    /**
     * A row dropped because a row of another file is the same transaction (another format of the same account, or a
     * re-download with edited text): the row kept, the row dropped, the {@code rule} that matched them (its short
     * name, counted in the report) and {@code why} in words, e.g. "same date, amount, currency; counterparty 'rewe'".
     */
    public record CrossFormatMatch(String rule, String why, Side kept, Side dropped) implements Serializable {
    }

    /** One row of a match: its transaction id and where it was read (batch, source file, line). */
    public record Side(String transactionId, String batchId, String sourceFile, int lineNumber) implements Serializable {
    }

    /** Matches per rule. */
    public static Map<String, Long> byRule(List<CrossFormatMatch> matches) {
        Map<String, Long> counts = new TreeMap<>();
        matches.forEach(m -> counts.merge(m.rule(), 1L, Long::sum));
        return counts;
    }

    public CurateReport {
        datasets = new TreeMap<>(datasets);
    }
}
