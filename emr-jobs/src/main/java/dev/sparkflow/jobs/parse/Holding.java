package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.ReasonCode;

import java.math.BigDecimal;
import java.util.List;

/** The account a row belongs to and the currency of its amount, checked against each other; or why not. */
record Holding(Accounts.Account account, String currency, RowOutcome rejection) {

    /**
     * For a CSV row: the account its account column names (a configured one, else one inferred from the value),
     * else the file's; the currency from the row's currency column, else the amount cell or its header, else the
     * configured account's, else the one the file states, else the household's home currency.
     */
    static Holding of(List<String> fields, RowContext ctx, BigDecimal amount, String written) {
        CsvLayout layout = ctx.layout();
        Accounts.Account account = ctx.fileAccount();
        if (layout.has("account")) {
            String ref = "";
            int refColumn = layout.index("account");
            for (int c : layout.roles().get("account")) {
                String v = c < fields.size() ? fields.get(c).strip() : "";
                if (ref.isEmpty() && !v.isEmpty() || v.matches(".*\\d{4,}.*") && !ref.matches(".*\\d{4,}.*")) {
                    ref = v;
                    refColumn = c;
                }
            }
            if (!ref.isEmpty()) {
                Accounts.Account fileAccount = account;
                account = ctx.config().accounts().findExact(ref).orElse(null);
                boolean configuredFile = fileAccount != null && ctx.config().accounts().findExact(fileAccount.id()).isPresent();
                if (account != null && configuredFile && !account.id().equals(fileAccount.id())) {
                    return rejected(ReasonCode.UNKNOWN_ACCOUNT, "the row names " + account.id() + ", the file's folder "
                            + fileAccount.id());
                }
                if (account == null) {
                    String label = layout.name(refColumn);
                    account = ctx.inferred().register(AccountClues.fromValue(ref, label), null);
                }
            }
        }
        String cell = currencyCell(fields, layout);
        String currency;
        if (!cell.isBlank()) {
            currency = Currencies.normalise(cell);
            if (currency == null) return rejected(ReasonCode.UNKNOWN_CURRENCY, "currency '" + cell + "'");
        } else if (written != null) {
            currency = written;
        } else if (!account.currencies().isEmpty()) {
            currency = account.currencies().get(0);
        } else if (layout.fileCurrency() != null) {
            currency = layout.fileCurrency();
        } else {
            currency = ctx.config().accounts().homeCurrency();
        }
        RowOutcome mismatch = check(account, currency, amount);
        return mismatch != null ? new Holding(null, null, mismatch) : new Holding(account, currency, null);
    }

    /** The currency column that belongs to the amount: the first one after it, else the first one. */
    private static String currencyCell(List<String> fields, CsvLayout layout) {
        List<Integer> currencies = layout.roles().get("currency");
        if (currencies == null) return "";
        Integer amountAt = layout.index(layout.has("amount") ? "amount" : layout.has("debit") ? "debit" : "credit");
        int chosen = currencies.get(0);
        if (amountAt != null) {
            for (int c : currencies) {
                if (c > amountAt) {
                    chosen = c;
                    break;
                }
            }
        }
        return chosen < fields.size() ? fields.get(chosen) : "";
    }

    /** Null when the account is held in {@code currency} and the amount fits its decimals, else the rejection. */
    static RowOutcome check(Accounts.Account account, String currency, BigDecimal amount) {
        if (!account.currencies().isEmpty() && !account.currencies().contains(currency)) {
            return RowOutcome.reject(ReasonCode.CURRENCY_MISMATCH, currency + " in account " + account.id());
        }
        if (!Currencies.fitsDecimals(amount, currency)) {
            return RowOutcome.reject(ReasonCode.TOO_MANY_DECIMALS, amount + " " + currency);
        }
        return null;
    }

    boolean ok() {
        return rejection == null;
    }

    private static Holding rejected(ReasonCode reason, String detail) {
        return new Holding(null, null, RowOutcome.reject(reason, detail));
    }
}
