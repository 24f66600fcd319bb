package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.BudgetRecord;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ReasonCode;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates monthly budgets: month (YYYY-MM or MM/YYYY), a category the rules know, amount >= 0, currency. */
final class BudgetRows implements RowBuilder {
    private static final Pattern ISO_MONTH = Pattern.compile("(\\d{4})-(\\d{1,2})(-01)?");
    private static final Pattern SLASH_MONTH = Pattern.compile("(\\d{1,2})[/.](\\d{4})");

    @Override
    public RowOutcome build(List<String> f, int line, RowContext ctx) {
        CsvLayout layout = ctx.layout();
        String monthText = layout.field(f, "month").trim();
        if (monthText.isEmpty()) return RowOutcome.reject(ReasonCode.MISSING_FIELD, "month");
        Optional<LocalDate> month = month(monthText);
        if (month.isEmpty()) return RowOutcome.reject(ReasonCode.INVALID_MONTH, "month '" + monthText + "'");
        String categoryText = layout.field(f, "category").trim();
        if (categoryText.isEmpty()) return RowOutcome.reject(ReasonCode.MISSING_FIELD, "category");
        ReasonCode text = TextGuard.check(categoryText);
        if (text != null) return RowOutcome.reject(text, "category");
        Optional<String> category = ctx.config().categories().knownCategories().stream()
                .filter(c -> c.equalsIgnoreCase(categoryText)).findFirst();
        if (category.isEmpty()) return RowOutcome.reject(ReasonCode.UNKNOWN_CATEGORY, "category '" + categoryText + "'");
        AmountParser.Result amount = AmountParser.parse(layout.field(f, "amount"), layout.numbers());
        if (!amount.ok()) return RowOutcome.reject(amount.error(), "amount '" + layout.field(f, "amount") + "'");
        if (amount.value().signum() < 0) return RowOutcome.reject(ReasonCode.NEGATIVE_BUDGET, amount.value().toPlainString());
        String currencyCell = layout.field(f, "currency");
        String currency = currencyCell.isBlank() ? defaultCurrency(ctx) : Currencies.normalise(currencyCell);
        if (currency == null) return RowOutcome.reject(ReasonCode.UNKNOWN_CURRENCY, "currency '" + currencyCell + "'");
        if (!Currencies.fitsDecimals(amount.value(), currency)) {
            return RowOutcome.reject(ReasonCode.TOO_MANY_DECIMALS, amount.value() + " " + currency);
        }
        return RowOutcome.valid(new BudgetRecord(line, month.get(), category.get(),
                amount.value().setScale(2), currency));
    }

    /** One budget per month and category in a file. */
    @Override
    public List<RowOutcome> finish(List<LakeRecord> records) {
        Set<String> seen = new HashSet<>();
        List<RowOutcome> out = new ArrayList<>();
        for (LakeRecord r : records) {
            BudgetRecord b = (BudgetRecord) r;
            String key = b.month() + "|" + b.category().toLowerCase(Locale.ROOT);
            out.add(seen.add(key) ? RowOutcome.valid(b)
                    : RowOutcome.reject(b, ReasonCode.DUPLICATE_KEY, b.category() + " in " + YearMonth.from(b.month())));
        }
        return out;
    }

    static Optional<LocalDate> month(String text) {
        Matcher iso = ISO_MONTH.matcher(text), slash = SLASH_MONTH.matcher(text);
        try {
            if (iso.matches()) return Optional.of(YearMonth.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2))).atDay(1));
            if (slash.matches()) return Optional.of(YearMonth.of(Integer.parseInt(slash.group(2)), Integer.parseInt(slash.group(1))).atDay(1));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String defaultCurrency(RowContext ctx) {
        return ctx.config().accounts().accounts().stream()
                .flatMap(a -> a.currencies().stream()).findFirst().orElse(null);
    }
}
