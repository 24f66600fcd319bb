package dev.sparkflow.jobs.model;

/** Why a row or a whole file was quarantined: the one list of reason codes, with the owner-facing text. */
public enum ReasonCode {
    // --- whole file: every unit of the file is quarantined with this reason, or, when no reader took rows from
    // the file (not read, not text, or its reader failed), none and its lines count as skipped "rejected_file"
    UNKNOWN_DATASET(Scope.FILE, "the file is not under landing/<dataset>/ for a known dataset"),
    EMPTY_FILE(Scope.FILE, "the file is empty or holds only blank lines"),
    HEADER_ONLY(Scope.FILE, "the file has a header but no data rows"),
    NOT_TEXT(Scope.FILE, "the file is binary, not a text export"),
    UNSUPPORTED_FORMAT(Scope.FILE, "the file is in no format SparkFlow reads (a spreadsheet, PDF, archive, JSON, HTML or other XML); the detail names what it looks like"),
    UNKNOWN_LAYOUT(Scope.FILE, "no source profile matches and no header could be recognised"),
    AMBIGUOUS_DATE_FORMAT(Scope.FILE, "every date reads both day-first and month-first and nothing in the file decides; add a source profile"),
    MISSING_REQUIRED_COLUMN(Scope.FILE, "the header lacks a column this dataset needs"),
    UNKNOWN_ACCOUNT_FILE(Scope.FILE, "the file's folder names one configured account and the file itself another"),
    INVALID_OFX(Scope.FILE, "the OFX/QFX document cannot be parsed"),
    INVALID_XML(Scope.FILE, "the XML statement (CAMT) is not well-formed XML"),
    OFX_NO_STATEMENT(Scope.FILE, "the OFX document has no bank or card statement"),
    FILE_TOO_LARGE(Scope.FILE, "the file exceeds the per-file size limit"),
    NESTING_TOO_DEEP(Scope.FILE, "the OFX/XML tags nest deeper than any bank statement does"),
    FILE_UNREADABLE(Scope.FILE, "reading the file failed; the detail names the error"),
    NOT_A_STATEMENT(Scope.FILE, "the XML document is another message than a CAMT statement, report or notification (a pain.001 payment order, ...); the detail names it"),

    // --- one row
    WRONG_COLUMN_COUNT(Scope.ROW, "the line has a different number of fields than the header"),
    UNBALANCED_QUOTE(Scope.ROW, "a quoted field is not closed on its line"),
    STRAY_QUOTE(Scope.ROW, "a quote character appears inside an unquoted field"),
    BAD_ENCODING(Scope.ROW, "the line has bytes that are not valid in the file's encoding"),
    CONTROL_CHARACTERS(Scope.ROW, "the line holds control characters (NUL, escape, ...)"),
    LINE_TOO_LONG(Scope.ROW, "the line is longer than any bank export line should be"),
    MISSING_DATE(Scope.ROW, "the date field is empty"),
    INVALID_DATE(Scope.ROW, "the date does not match the layout's date format"),
    IMPOSSIBLE_DATE(Scope.ROW, "the date has the right shape but does not exist (e.g. 31.02.)"),
    DATE_OUT_OF_RANGE(Scope.ROW, "the date is before 1970 or after the ingest date"),
    MISSING_AMOUNT(Scope.ROW, "no amount (nor debit/credit) is given"),
    INVALID_AMOUNT(Scope.ROW, "the amount is not a number"),
    DECIMAL_SEPARATOR_MISMATCH(Scope.ROW, "the amount uses the other decimal separator than the layout (e.g. 1.234,56)"),
    UNEXPECTED_NEGATIVE_FORMAT(Scope.ROW, "the amount is negative as (12.00) or 12- in a layout that does not use that form"),
    TOO_MANY_DECIMALS(Scope.ROW, "the amount has more decimals than its currency allows"),
    AMOUNT_OUT_OF_RANGE(Scope.ROW, "the amount is implausibly large for a household"),
    BOTH_DEBIT_AND_CREDIT(Scope.ROW, "both the debit and the credit column hold an amount"),
    UNKNOWN_CURRENCY(Scope.ROW, "the currency is not an ISO 4217 code or known symbol"),
    CURRENCY_MISMATCH(Scope.ROW, "the currency is not one the account is held in"),
    UNKNOWN_ACCOUNT(Scope.ROW, "the row names one configured account and its file's folder another"),
    UNSUPPORTED_RECORD(Scope.ROW, "a record of a kind the reader does not take yet (a QIF investment record)"),
    NOT_BOOKED(Scope.ROW, "the row is a declined, failed, reverted or cancelled transaction: no money moved"),
    FORMULA_PAYLOAD(Scope.ROW, "a text field holds a spreadsheet formula (=, +, -, @ ...)"),
    FIELD_TOO_LONG(Scope.ROW, "a text field is longer than 500 characters"),
    MISSING_FIELD(Scope.ROW, "a required field is empty"),
    INVALID_MONTH(Scope.ROW, "the budget month is not YYYY-MM"),
    UNKNOWN_CATEGORY(Scope.ROW, "the budget names a category that the category rules do not define"),
    NEGATIVE_BUDGET(Scope.ROW, "a budget amount is below zero"),
    DUPLICATE_KEY(Scope.ROW, "the same key (budget month+category, balance account+date) appears twice in one file"),
    MISSING_CREDIT_DEBIT(Scope.ROW, "the entry does not say whether money came in or went out (CAMT CdtDbtInd missing or not CRDT/DBIT)"),
    INVALID_RATE(Scope.ROW, "an exchange rate is not a positive number, or its currency is not an ISO 4217 code");

    /** Whether a reason rejects one row or a whole file. */
    public enum Scope { FILE, ROW }

    private final Scope scope;
    private final String description;

    ReasonCode(Scope scope, String description) {
        this.scope = scope;
        this.description = description;
    }

    public Scope scope() {
        return scope;
    }

    public String description() {
        return description;
    }
}
