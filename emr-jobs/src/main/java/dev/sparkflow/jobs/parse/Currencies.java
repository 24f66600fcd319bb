package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** ISO 4217 currency codes: normalising what exports write (€, eur, "EUR ") and the decimals each allows. */
public final class Currencies {
    private static final Map<String, String> SYMBOLS = Map.of("€", "EUR", "$", "USD", "US$", "USD", "£", "GBP",
            "¥", "JPY", "CHF", "CHF", "FR.", "CHF", "KR", "SEK");
    /** Real money only: metals, test and fund codes have no default fraction digits. */
    private static final Set<String> ISO = Currency.getAvailableCurrencies().stream()
            .filter(c -> c.getDefaultFractionDigits() >= 0)
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private Currencies() {
    }

    /** The ISO code for {@code cell}, or null when it is not a currency. */
    public static String normalise(String cell) {
        String s = cell.trim().toUpperCase(Locale.ROOT);
        String mapped = SYMBOLS.getOrDefault(s, s);
        return ISO.contains(mapped) ? mapped : null;
    }

    /** The currency of a row: its own column if the layout has one, else the account's first currency. */
    public static String forRow(String cell, Accounts.Account account) {
        if (cell != null && !cell.isBlank()) {
            return normalise(cell);
        }
        return account != null && !account.currencies().isEmpty() ? account.currencies().get(0) : null;
    }

    /** Whether {@code amount} has no more decimals than the lake keeps (2) or the currency uses. */
    public static boolean fitsDecimals(BigDecimal amount, String currency) {
        int allowed = Math.min(2, Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()));
        return amount.stripTrailingZeros().scale() <= allowed;
    }
}
