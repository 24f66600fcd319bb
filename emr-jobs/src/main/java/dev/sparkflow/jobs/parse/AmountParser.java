package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Parses an amount cell under a {@link NumberStyle}, naming precisely what is wrong when it cannot. Accepts
 * what exports write around the number: a currency symbol or ISO code on either side ({@code -$3,320.05},
 * {@code 1.234,56 EUR}, {@code - $45.00}), a sign before or after the symbol, parentheses or a trailing minus,
 * {@code CR}/{@code DR} suffixes, and any thousands mark (point, comma, space, NBSP, apostrophe).
 */
public final class AmountParser {
    /** No household moves this much in one transaction; larger values are data errors. */
    public static final BigDecimal MAX_ABS = new BigDecimal("100000000");

    /**
     * Currency marks written beside amounts, longest first so "US$" wins over "$"; null = a mark of no one currency
     * ("kr" is Swedish, Danish or Norwegian; "¥" is the yen in Japan and the yuan in China: the file decides).
     */
    private static final List<String[]> MARKS = List.of(
            new String[]{"US$", "USD"}, new String[]{"CA$", "CAD"}, new String[]{"AU$", "AUD"}, new String[]{"NZ$", "NZD"},
            new String[]{"HK$", "HKD"}, new String[]{"R$", "BRL"}, new String[]{"C$", "CAD"}, new String[]{"A$", "AUD"},
            new String[]{"S$", "SGD"}, new String[]{"zł", "PLN"}, new String[]{"Kč", "CZK"}, new String[]{"Fr.", "CHF"},
            new String[]{"kr.", null}, new String[]{"kr", null}, new String[]{"€", "EUR"}, new String[]{"$", "USD"},
            new String[]{"£", "GBP"}, new String[]{"¥", null}, new String[]{"￥", null}, new String[]{"元", "CNY"},
            new String[]{"円", "JPY"}, new String[]{"₹", "INR"}, new String[]{"₩", "KRW"}, new String[]{"₺", "TRY"},
            new String[]{"₽", "RUB"}, new String[]{"RMB", "CNY"});

    private AmountParser() {
    }

    /**
     * A parsed amount or the reason it was rejected; {@code currency} is the ISO code written in the cell (null
     * when none, or a mark such as "kr" that names no single currency).
     */
    public record Result(BigDecimal value, ReasonCode error, String currency) {
        public Result(BigDecimal value, ReasonCode error) {
            this(value, error, null);
        }

        static Result fail(ReasonCode r) {
            return new Result(null, r, null);
        }

        public boolean ok() {
            return error == null;
        }
    }

    public static Result parse(String cell, NumberStyle style) {
        Stripped st = strip(cell);
        String s = st.number;
        if (s.isEmpty()) {
            boolean signOnly = cell.indexOf('-') >= 0 || cell.indexOf('+') >= 0;
            return Result.fail(signOnly ? ReasonCode.INVALID_AMOUNT : ReasonCode.MISSING_AMOUNT);
        }
        NumberStyle.Negative form = st.minus ? (st.trailingMinus ? NumberStyle.Negative.TRAILING_MINUS
                : NumberStyle.Negative.LEADING_MINUS) : null;
        if (s.length() > 2 && s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')') {
            form = NumberStyle.Negative.PARENTHESES;
            s = s.substring(1, s.length() - 1).strip();
            Stripped inner = strip(s);
            s = inner.number;
            if (inner.minus) return Result.fail(ReasonCode.INVALID_AMOUNT);
        }
        if (form != null && form != NumberStyle.Negative.LEADING_MINUS && !style.negatives().contains(form)) {
            return Result.fail(ReasonCode.UNEXPECTED_NEGATIVE_FORMAT);
        }
        ReasonCode shape = checkShape(s, style, true);
        if (shape != null) {
            return Result.fail(shape);
        }
        String plain = normalise(s, style);
        if (plain.replace(".", "").length() > 15) {
            return Result.fail(ReasonCode.AMOUNT_OUT_OF_RANGE);
        }
        BigDecimal value = new BigDecimal(plain);
        if (value.abs().compareTo(MAX_ABS) >= 0) {
            return Result.fail(ReasonCode.AMOUNT_OUT_OF_RANGE);
        }
        boolean negative = form != null ^ st.credit == Boolean.FALSE;
        if (st.credit != null && form != null) negative = true; // "-12.00 DR" is still money out
        return new Result(negative ? value.negate() : value, null, st.currency);
    }

    /** Whether the cell holds a number at all, in either decimal style (used to tell amount columns apart). */
    public static boolean looksNumeric(String cell) {
        Stripped st = strip(cell);
        String s = st.number;
        if (s.length() > 2 && s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')') s = s.substring(1, s.length() - 1);
        if (s.isEmpty()) return false;
        return checkShape(s, NumberStyle.POINT, false) == null || checkShape(s, NumberStyle.COMMA, false) == null;
    }

    /** The number's text once currency marks, signs and CR/DR are taken off, and what they said. */
    private record Stripped(String number, boolean minus, boolean trailingMinus, Boolean credit, String currency) {
    }

    private static Stripped strip(String cell) {
        if (plain(cell)) { // the common case: digits and marks only, at most a leading minus
            boolean minus = cell.charAt(0) == '-';
            return new Stripped(minus ? cell.substring(1) : cell, minus, false, null, null);
        }
        return marked(cell);
    }

    private static boolean plain(String cell) {
        int n = cell.length();
        if (n == 0 || n > 24) return false;
        char first = cell.charAt(0);
        if (first != '-' && (first < '0' || first > '9')) return false;
        for (int i = 1; i < n; i++) {
            char c = cell.charAt(i);
            if ((c < '0' || c > '9') && c != '.' && c != ',') return false;
        }
        return n > 1 || first != '-';
    }

    private static Stripped marked(String cell) {
        String s = cell.replace('\u00A0', ' ').replace('\u202F', ' ').replace('\u2009', ' ').replace('\u2212', '-').strip();
        boolean minus = false, trailing = false;
        Boolean credit = null;
        String currency = null;
        for (int pass = 0; pass < 3; pass++) {
            String before = s;
            if (s.length() > 2) {
                String tail = s.substring(s.length() - 2).toUpperCase(Locale.ROOT);
                char prev = s.charAt(s.length() - 3);
                if ((tail.equals("CR") || tail.equals("DR")) && (prev == ' ' || Character.isDigit(prev))) {
                    credit = tail.equals("CR");
                    s = s.substring(0, s.length() - 2).strip();
                }
            }
            if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
                minus |= s.charAt(0) == '-';
                s = s.substring(1).strip();
            }
            if (s.length() > 1 && s.charAt(s.length() - 1) == '-' && !s.endsWith(",-")) {
                minus = true;
                trailing = true;
                s = s.substring(0, s.length() - 1).strip();
            } else if (s.length() > 1 && s.charAt(s.length() - 1) == '+') {
                s = s.substring(0, s.length() - 1).strip();
            }
            for (String[] mark : MARKS) {
                if (s.startsWith(mark[0])) {
                    currency = currency == null ? mark[1] : currency;
                    s = s.substring(mark[0].length()).strip();
                    break;
                }
                if (s.endsWith(mark[0])) {
                    currency = currency == null ? mark[1] : currency;
                    s = s.substring(0, s.length() - mark[0].length()).strip();
                    break;
                }
            }
            if (s.length() > 3 && isCode(s, 0) && !Character.isLetter(s.charAt(3))) {
                currency = Currencies.normalise(s.substring(0, 3));
                s = s.substring(3).strip();
            } else if (s.length() > 3 && isCode(s, s.length() - 3) && !Character.isLetter(s.charAt(s.length() - 4))) {
                currency = Currencies.normalise(s.substring(s.length() - 3));
                s = s.substring(0, s.length() - 3).strip();
            }
            if (s.equals(before)) break;
        }
        if (s.endsWith(",-") || s.endsWith(".-")) s = s.substring(0, s.length() - 2);
        return new Stripped(s, minus, trailing, credit, currency);
    }

    /** Three letters from {@code at} that are an ISO currency code written beside the number. */
    private static boolean isCode(String s, int at) {
        for (int i = at; i < at + 3; i++) {
            if (!Character.isLetter(s.charAt(i))) return false;
        }
        return Currencies.normalise(s.substring(at, at + 3)) != null
                && s.substring(at, at + 3).equals(s.substring(at, at + 3).toUpperCase(Locale.ROOT));
    }

    /** {@code tryOther}: whether a malformed value may be re-read in the other style (once, never back). */
    private static ReasonCode checkShape(String s, NumberStyle style, boolean tryOther) {
        char dec = style.decimal();
        char other = dec == '.' ? ',' : '.';
        int digits = 0, decimalAt = -1;
        boolean grouped = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == dec) {
                if (decimalAt >= 0) return mismatchOr(s, style, tryOther);
                decimalAt = i;
            } else if (isThousands(c, style)) {
                if (decimalAt >= 0) return mismatchOr(s, style, tryOther);
                grouped = true;
            } else if (c == other) {
                return tryOther ? mismatchOr(s, style, true) : ReasonCode.INVALID_AMOUNT;
            } else {
                return ReasonCode.INVALID_AMOUNT;
            }
        }
        if (digits == 0 || decimalAt == s.length() - 1 || decimalAt == 0 && s.length() == 1) return ReasonCode.INVALID_AMOUNT;
        if (grouped && !groupsOfThree(s, style)) {
            return mismatchOr(s, style, tryOther);
        }
        return null;
    }

    private static boolean isThousands(char c, NumberStyle style) {
        if (c == ' ' || c == '\'' || c == '\u2019') return true;
        return style.thousands() != null && c == style.thousands();
    }

    /** 1.234,56 read in a point-decimal layout is a separator mismatch, not just garbage. */
    private static ReasonCode mismatchOr(String s, NumberStyle style, boolean tryOther) {
        if (!tryOther) return ReasonCode.INVALID_AMOUNT;
        NumberStyle flipped = style.decimal() == '.' ? NumberStyle.COMMA : NumberStyle.POINT;
        return checkShape(s, flipped, false) == null ? ReasonCode.DECIMAL_SEPARATOR_MISMATCH : ReasonCode.INVALID_AMOUNT;
    }

    private static boolean groupsOfThree(String s, NumberStyle style) {
        int end = s.indexOf(style.decimal());
        String integer = end < 0 ? s : s.substring(0, end);
        String[] groups = integer.split("[^0-9]", -1);
        if (groups[0].isEmpty() || groups[0].length() > 3) return false;
        for (int i = 1; i < groups.length; i++) {
            if (groups[i].length() != 3) return false;
        }
        return true;
    }

    private static String normalise(String s, NumberStyle style) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') out.append(c);
            else if (c == style.decimal()) out.append('.');
        }
        return out.toString();
    }
}
