package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;

import java.util.regex.Pattern;

/**
 * Checks free-text fields. A cell that a spreadsheet would execute (=HYPERLINK(..), +cmd|' /c calc'!A0,
 * @SUM(..)) is a payload and is quarantined; ordinary text that merely starts with such a character
 * ("-ATM withdrawal") is kept and neutralised on output by {@link #neutralise}. Both look past leading spaces and
 * invisible characters (NBSP, zero-width space, BOM ...), which hide a lead from the eye but not from a spreadsheet.
 */
public final class TextGuard {
    public static final int MAX_LENGTH = 500;
    /**
     * A function call (name directly followed by "(", as spreadsheets require: "Markt (Berlin)" is prose), a DDE
     * pipe, or a cell reference after "!".
     */
    private static final Pattern CALL_OR_DDE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*\\(|\\||![A-Za-z$]*\\$?[A-Za-z]+\\$?\\d");

    private TextGuard() {
    }

    /** Null when the text is acceptable, else the reason to quarantine it. */
    public static ReasonCode check(String text) {
        if (text.length() > MAX_LENGTH) {
            return ReasonCode.FIELD_TOO_LONG;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c == '\uFFFD') {
                return ReasonCode.CONTROL_CHARACTERS;
            }
        }
        String t = text.substring(lead(text)).strip();
        if (t.isEmpty()) {
            return null;
        }
        char first = toAscii(t.charAt(0));
        if (first == '=') {
            return ReasonCode.FORMULA_PAYLOAD;
        }
        if ((first == '+' || first == '-' || first == '@') && CALL_OR_DDE.matcher(t).find()) {
            return ReasonCode.FORMULA_PAYLOAD;
        }
        return null;
    }

    /** Prefixes text a spreadsheet would treat as a formula with an apostrophe, so it shows as text. */
    public static String neutralise(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        int lead = lead(text);
        if (lead == text.length()) {
            return text;
        }
        char first = toAscii(text.charAt(lead));
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }

    /**
     * Where the visible text starts: past spaces of any kind (ASCII, NBSP, en/em spaces, the ideographic space) and
     * characters that show nothing (zero-width space and joiners, word joiner, soft hyphen, BOM), which a spreadsheet
     * or an import's "trim" may drop, leaving a formula lead first.
     */
    static int lead(String text) {
        int i = 0;
        while (i < text.length() && invisible(text.charAt(i))) i++;
        return i;
    }

    /** A space or a character that shows nothing; tab and CR are leads in their own right, so they end the run. */
    private static boolean invisible(char c) {
        return c != '\t' && c != '\r'
                && (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT);
    }

    /** Full-width forms (＝＋－＠) act like their ASCII twins in some spreadsheets. */
    private static char toAscii(char c) {
        return c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c;
    }
}
