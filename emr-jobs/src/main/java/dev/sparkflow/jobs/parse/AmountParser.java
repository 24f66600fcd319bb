package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;

import java.math.BigDecimal;

/** Parses an amount cell under a {@link NumberStyle}, naming precisely what is wrong when it cannot. */
public final class AmountParser {
    /** No household moves this much in one transaction; larger values are data errors. */
    public static final BigDecimal MAX_ABS = new BigDecimal("100000000");

    private AmountParser() {
    }

    /** A parsed amount or the reason it was rejected. */
    public record Result(BigDecimal value, ReasonCode error) {
        static Result of(BigDecimal v) {
            return new Result(v, null);
        }

        static Result fail(ReasonCode r) {
            return new Result(null, r);
        }

        public boolean ok() {
            return error == null;
        }
    }

    public static Result parse(String cell, NumberStyle style) {
        String s = stripCurrency(cell);
        if (s.isEmpty()) {
            return Result.fail(ReasonCode.MISSING_AMOUNT);
        }
        boolean negative = false;
        NumberStyle.Negative form = null;
        if (s.length() > 2 && s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')') {
            form = NumberStyle.Negative.PARENTHESES;
            s = s.substring(1, s.length() - 1).trim();
        } else if (s.length() > 1 && s.charAt(s.length() - 1) == '-' && Character.isDigit(s.charAt(s.length() - 2))) {
            form = NumberStyle.Negative.TRAILING_MINUS;
            s = s.substring(0, s.length() - 1).trim();
        } else if (s.charAt(0) == '-' || s.charAt(0) == '\u2212') {
            form = NumberStyle.Negative.LEADING_MINUS;
            s = s.substring(1).trim();
        } else if (s.charAt(0) == '+') {
            s = s.substring(1).trim();
        }
        if (form != null) {
            negative = true;
            if (!style.negatives().contains(form) && form != NumberStyle.Negative.LEADING_MINUS) {
                return Result.fail(ReasonCode.UNEXPECTED_NEGATIVE_FORMAT);
            }
        }
        ReasonCode shape = checkShape(s, style);
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
        return Result.of(negative ? value.negate() : value);
    }

    private static String stripCurrency(String cell) {
        String s = cell.replace('\u00A0', ' ').replace('\u202F', ' ').trim();
        while (!s.isEmpty() && "€$£¥".indexOf(s.charAt(0)) >= 0) s = s.substring(1).trim();
        while (!s.isEmpty() && "€$£¥".indexOf(s.charAt(s.length() - 1)) >= 0) s = s.substring(0, s.length() - 1).trim();
        if (s.length() > 4 && s.charAt(s.length() - 4) == ' ' && isCode(s, s.length() - 3)) s = s.substring(0, s.length() - 4);
        if (s.length() > 4 && s.charAt(3) == ' ' && isCode(s, 0)) s = s.substring(4);
        return s.trim();
    }

    /** Three upper-case letters from {@code at}: an ISO currency code written beside the number. */
    private static boolean isCode(String s, int at) {
        for (int i = at; i < at + 3; i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') return false;
        }
        return true;
    }

    /** Null when {@code s} is a well-formed unsigned number in {@code style}, else the reason. */
    private static ReasonCode checkShape(String s, NumberStyle style) {
        return checkShape(s, style, true);
    }

    /** {@code tryOther}: whether a malformed value may be re-read in the other style (once, never back). */
    private static ReasonCode checkShape(String s, NumberStyle style, boolean tryOther) {
        char dec = style.decimal();
        char other = dec == '.' ? ',' : '.';
        int digits = 0, decimalAt = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == dec) {
                if (decimalAt >= 0) return mismatchOr(s, style, tryOther);
                decimalAt = i;
            } else if (style.thousands() != null && c == style.thousands()) {
                if (decimalAt >= 0) return mismatchOr(s, style, tryOther);
            } else if (c == ' ' || c == '\'') {
                if (style.thousands() == null || (style.thousands() != ' ' && style.thousands() != '\'')) {
                    return ReasonCode.INVALID_AMOUNT;
                }
            } else if (c == other) {
                return ReasonCode.DECIMAL_SEPARATOR_MISMATCH;
            } else {
                return ReasonCode.INVALID_AMOUNT;
            }
        }
        if (digits == 0 || decimalAt == s.length() - 1) return ReasonCode.INVALID_AMOUNT;
        if (style.thousands() != null && s.indexOf(style.thousands()) >= 0 && !groupsOfThree(s, style)) {
            return mismatchOr(s, style, tryOther);
        }
        return null;
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
        String[] groups = integer.split(java.util.regex.Pattern.quote(String.valueOf(style.thousands())), -1);
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
