package dev.sparkflow.jobs.transform;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stable transaction id: the same transaction in two overlapping exports gets the same id; the second
 * of two identical purchases in one file differs by its occurrence number. OFX rows use the bank's FITID.
 */
public final class TransactionIds {
    private TransactionIds() {
    }

    public static String of(String accountId, LocalDate date, BigDecimal amount, String currency, String description,
                            String reference, int occurrence) {
        String key = reference != null && !reference.isBlank()
                ? accountId + "|fitid|" + reference.strip()
                : accountId + '|' + date + '|' + amount.setScale(2).toPlainString() + '|' + currency + '|'
                + description.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT) + '|' + occurrence;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
