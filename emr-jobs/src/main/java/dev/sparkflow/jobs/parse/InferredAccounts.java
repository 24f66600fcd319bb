package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The accounts a file named that config/accounts.yml does not list, with how each was found. */
public final class InferredAccounts implements Serializable {
    private final Map<String, Accounts.Account> byId = new LinkedHashMap<>();

    /** The account for {@code found}, registered on first sight; no currency is known until rows give one. */
    Accounts.Account register(AccountClues.Found found, String institution) {
        return byId.computeIfAbsent(found.id(), id -> account(found));
    }

    /** An account a file names that config/ does not list (not registered: for readers that report it by its rows). */
    static Accounts.Account account(AccountClues.Found found) {
        return new Accounts.Account(found.id(), found.identifier(), null, "inferred", List.of(), List.of(found.identifier()));
    }

    /** The account named after a folder or a file ({@code name} slugged). */
    static Accounts.Account named(String name) {
        return account(new AccountClues.Found(AccountClues.slug(name), name, "file name"));
    }

    public List<Accounts.Account> accounts() {
        return new ArrayList<>(byId.values());
    }

    /** {@code id=CUR,...}: each account of {@code records} that {@code configured} does not list, with its first currency. */
    static String describe(List<? extends dev.sparkflow.jobs.model.LakeRecord> records, Accounts configured) {
        Map<String, String> currency = new LinkedHashMap<>();
        for (var r : records) {
            if (r instanceof dev.sparkflow.jobs.model.TransactionRecord t) currency.putIfAbsent(t.accountId(), t.currency());
            else if (r instanceof dev.sparkflow.jobs.model.BalanceRecord b) currency.putIfAbsent(b.accountId(), b.currency());
            else if (r instanceof dev.sparkflow.jobs.model.HoldingRecord h) currency.putIfAbsent(h.accountId(), h.currency());
        }
        List<String> out = new ArrayList<>();
        currency.forEach((id, cur) -> {
            if (configured.findExact(id).filter(a -> a.id().equals(id)).isEmpty()) out.add(id + "=" + cur);
        });
        return String.join(",", out);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }
}
