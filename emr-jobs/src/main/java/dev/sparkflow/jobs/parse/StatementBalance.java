package dev.sparkflow.jobs.parse;

/** A balance a statement states: opening, closing or available, as of a date. */
record StatementBalance(int line, String accountId, java.time.LocalDate date, java.math.BigDecimal amount, String currency, String type) {
}
