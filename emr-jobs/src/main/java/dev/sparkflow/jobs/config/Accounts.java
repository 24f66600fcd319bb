package dev.sparkflow.jobs.config;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The owner's accounts from config/accounts.yml, with the home currency and how many days before an amount's own
 * day a reference rate may be to convert it ({@code fxLookbackDays}, 4 when not given).
 */
public record Accounts(String owner, String homeCurrency, List<Account> accounts, int transferWindowDays,
                       Integer fxLookbackDays) implements Serializable {

    /** One account the owner holds, with the identifiers that can appear in exports. */
    public record Account(String id, String name, String institution, String type,
                          List<String> currencies, List<String> identifiers) implements Serializable {
        public Account {
            currencies = currencies == null ? List.of() : List.copyOf(currencies);
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }
    }

    public Accounts {
        homeCurrency = homeCurrency == null ? "EUR" : homeCurrency.trim().toUpperCase(Locale.ROOT);
        accounts = List.copyOf(accounts);
        if (transferWindowDays < 0) {
            throw new IllegalArgumentException("accounts.yml: transfer_window_days must be >= 0");
        }
        fxLookbackDays = fxLookbackDays == null ? 4 : fxLookbackDays;
        if (fxLookbackDays < 0) {
            throw new IllegalArgumentException("accounts.yml: fx_lookback_days must be >= 0");
        }
    }

    /** The account whose id, or one of whose identifiers, equals {@code reference} (spaces and case ignored). */
    public Optional<Account> find(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String wanted = compact(reference);
        return accounts.stream()
                .filter(a -> compact(a.id()).equals(wanted)
                        || a.identifiers().stream().anyMatch(i -> compact(i).equals(wanted)))
                .findFirst();
    }

    /**
     * The account whose id is exactly {@code reference}, or one of whose identifiers equals it (spaces and case
     * ignored): an account column's "Savings" is an app's account name, not the configured id "savings".
     */
    public Optional<Account> findExact(String reference) {
        if (reference == null || reference.isBlank()) return Optional.empty();
        String wanted = compact(reference);
        return accounts.stream()
                .filter(a -> a.id().equals(reference.strip())
                        || a.identifiers().stream().anyMatch(i -> compact(i).equals(wanted)))
                .findFirst();
    }

    /** The first account with an identifier (at least 6 characters) inside {@code text}, e.g. a preamble line. */
    public Optional<Account> mentionedIn(String text) {
        String haystack = compact(text);
        return accounts.stream()
                .filter(a -> a.identifiers().stream()
                        .map(Accounts::compact)
                        .anyMatch(i -> i.length() >= 6 && haystack.contains(i)))
                .findFirst();
    }

    private static String compact(String s) {
        return s.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
