package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;

import java.util.regex.Pattern;

/**
 * Checks free-text fields. A cell that a spreadsheet would execute (=HYPERLINK(..), +cmd|' /c calc'!A0,
 * @SUM(..)) is a payload and is quarantined; ordinary text that merely starts with such a character
 * ("-ATM withdrawal") is kept and neutralised on output by {@link #neutralise}.
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
        String t = text.strip();
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
        char first = toAscii(text.charAt(0));
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }

    /** Full-width forms (＝＋－＠) act like their ASCII twins in some spreadsheets. */
    private static char toAscii(char c) {
        return c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c;
    }
}
