package dev.sparkflow.jobs.transform;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The stable transaction id: the same transaction in two overlapping exports gets the same id; the second of
 * two identical purchases in one file differs by its occurrence number. OFX rows use the bank's FITID.
 * 32 hex characters of a SHA-256.
 */
public final class TransactionIds {
    private static final Pattern SPACES = Pattern.compile("\\s+");
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
                + SPACES.matcher(description.strip()).replaceAll(" ").toLowerCase(Locale.ROOT) + '|' + occurrence;
        byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
