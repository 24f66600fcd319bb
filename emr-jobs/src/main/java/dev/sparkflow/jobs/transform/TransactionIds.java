package dev.sparkflow.jobs.transform;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stable transaction id: the same transaction in two overlapping exports gets the same id; the second of
 * two identical purchases in one file differs by its occurrence number. OFX rows use the bank's FITID.
 * 32 hex characters of a SHA-256.
 */
public final class TransactionIds {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private TransactionIds() {
    }

    public static String of(String accountId, LocalDate date, BigDecimal amount, String currency, String description,
                            String reference, int occurrence) {
        String key = reference != null && !reference.isBlank()
                ? accountId + "|fitid|" + reference.strip()
                : accountId + '|' + date + '|' + amount.setScale(2).toPlainString() + '|' + currency + '|'
                + collapseSpaces(description).toLowerCase(Locale.ROOT) + '|' + occurrence;
        byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** {@code text} stripped, each run of whitespace inside it one space (what {@code \\s+} -> " " gives, without a regex). */
    static String collapseSpaces(String text) {
        String t = text.strip();
        int n = t.length();
        int i = 0;
        while (i < n && !(isSpace(t.charAt(i)) && (t.charAt(i) != ' ' || i + 1 < n && isSpace(t.charAt(i + 1))))) i++;
        if (i == n) return t; // nothing to collapse: the usual description
        StringBuilder b = new StringBuilder(n).append(t, 0, i);
        boolean inSpace = false;
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (isSpace(c)) {
                if (!inSpace) b.append(' ');
                inSpace = true;
            } else {
                b.append(c);
                inSpace = false;
            }
        }
        return b.toString();
    }

    /** The characters of the regex class {@code \\s}: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
