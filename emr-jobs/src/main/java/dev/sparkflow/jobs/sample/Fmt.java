package dev.sparkflow.jobs.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Small, allocation-light formatting helpers shared by the generators (amounts are whole cents). */
final class Fmt {
    private Fmt() {
    }

    /** {@code -1234.56} (decimal point, no thousands mark). */
    static String point(long cents) {
        StringBuilder sb = new StringBuilder(16);
        appendPoint(sb, cents, false);
        return sb.toString();
    }

    /** Appends {@code cents} with a decimal point, optionally with ',' thousands marks. */
    static void appendPoint(StringBuilder sb, long cents, boolean thousands) {
        if (cents < 0) {
            sb.append('-');
            cents = -cents;
        }
        appendInteger(sb, cents / 100, thousands ? ',' : 0);
        long c = cents % 100;
        sb.append('.').append((char) ('0' + c / 10)).append((char) ('0' + c % 10));
    }

    /** {@code 1.234,56}: German style, absolute value (the column says the sign). */
    static String german(long cents) {
        StringBuilder sb = new StringBuilder(16);
        long a = Math.abs(cents);
        appendInteger(sb, a / 100, '.');
        long c = a % 100;
        sb.append(',').append((char) ('0' + c / 10)).append((char) ('0' + c % 10));
        return sb.toString();
    }

    private static void appendInteger(StringBuilder sb, long value, char thousands) {
        String digits = Long.toString(value);
        if (thousands == 0 || digits.length() <= 3) {
            sb.append(digits);
            return;
        }
        int head = digits.length() % 3;
        if (head > 0) sb.append(digits, 0, head);
        for (int i = head; i < digits.length(); i += 3) {
            if (i > 0) sb.append(thousands);
            sb.append(digits, i, i + 3);
        }
    }

    /** dd.MM.yyyy */
    static String dotted(LocalDate d) {
        return two(d.getDayOfMonth()) + "." + two(d.getMonthValue()) + "." + d.getYear();
    }

    /** yyyyMMdd */
    static String compact(LocalDate d) {
        return d.getYear() + two(d.getMonthValue()) + two(d.getDayOfMonth());
    }

    static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /** Quotes a CSV field RFC 4180 style when it holds a comma or a quote. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
