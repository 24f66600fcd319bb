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
    private final Map<String, String> sources = new LinkedHashMap<>();

    /** The account for {@code found}, registered on first sight; no currency is known until rows give one. */
    Accounts.Account register(AccountClues.Found found, String institution) {
        sources.putIfAbsent(found.id(), found.source());
        return byId.computeIfAbsent(found.id(), id -> new Accounts.Account(id, found.identifier(), institution,
                "inferred", List.of(), List.of(found.identifier())));
    }

    public List<Accounts.Account> accounts() {
        return new ArrayList<>(byId.values());
    }

    /** How each inferred account was found: column, preamble, folder or file name. */
    public Map<String, String> sources() {
        return Map.copyOf(sources);
    }

    /** {@code id=CUR,...}: each account of {@code records} that {@code configured} does not list, with its first currency. */
    static String describe(List<? extends dev.sparkflow.jobs.model.LakeRecord> records, Accounts configured) {
        Map<String, String> currency = new LinkedHashMap<>();
        for (var r : records) {
            if (r instanceof dev.sparkflow.jobs.model.TransactionRecord t) currency.putIfAbsent(t.accountId(), t.currency());
            else if (r instanceof dev.sparkflow.jobs.model.BalanceRecord b) currency.putIfAbsent(b.accountId(), b.currency());
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
