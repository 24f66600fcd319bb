package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.ReasonCode;

import java.math.BigDecimal;
import java.util.List;

/** The account a row belongs to and the currency of its amount, checked against each other; or why not. */
record Holding(Accounts.Account account, String currency, RowOutcome rejection) {

    /** For a CSV row: its own account column if the layout has one, else the file's account. */
    static Holding of(List<String> fields, RowContext ctx, BigDecimal amount) {
        CsvLayout layout = ctx.layout();
        Accounts.Account account = ctx.fileAccount();
        if (layout.has("account")) {
            String ref = layout.field(fields, "account");
            account = ctx.config().accounts().find(ref).orElse(null);
            if (account == null) return rejected(ReasonCode.UNKNOWN_ACCOUNT, "account '" + ref + "'");
        }
        String cell = layout.field(fields, "currency");
        String currency = Currencies.forRow(cell, account);
        if (currency == null) return rejected(ReasonCode.UNKNOWN_CURRENCY, "currency '" + cell + "'");
        RowOutcome mismatch = check(account, currency, amount);
        return mismatch != null ? new Holding(null, null, mismatch) : new Holding(account, currency, null);
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
