package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.config.CategoryRules;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of the reference tables (accounts, categories) derived from config/, for dashboards to join. */
public final class ReferenceTables {
    private ReferenceTables() {
    }

    /** One row per account (schema {@code LakeSchemas.ACCOUNTS}). */
    public static List<Row> accounts(Accounts accounts) {
        List<Row> rows = new ArrayList<>();
        for (Accounts.Account a : accounts.accounts()) {
            rows.add(RowFactory.create(a.id(), a.name() == null ? a.id() : a.name(), a.institution(), a.type(),
                    a.currencies().isEmpty() ? null : a.currencies().get(0)));
        }
        return rows;
    }

    /**
     * One row per category (schema {@code LakeSchemas.CATEGORIES}): the order of its first rule, its direction
     * (in, out or any; "mixed" when its rules disagree), and whether it counts as spending (not income,
     * not a transfer).
     */
    public static List<Row> categories(CategoryRules rules) {
        Map<String, String> direction = new LinkedHashMap<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        for (int i = 0; i < rules.categories().size(); i++) {
            CategoryRules.Rule rule = rules.categories().get(i);
            order.putIfAbsent(rule.category(), i + 1);
            direction.merge(rule.category(), rule.direction(), (a, b) -> a.equals(b) ? a : "mixed");
        }
        int next = rules.categories().size() + 1;
        for (String extra : rules.extraCategories()) {
            order.putIfAbsent(extra, next++);
            direction.putIfAbsent(extra, "any");
        }
        List<Row> rows = new ArrayList<>();
        order.forEach((category, rank) -> rows.add(RowFactory.create(category, rank, direction.get(category),
                !direction.get(category).equals("in") && !category.equals(Categoriser.TRANSFER))));
        return rows;
    }
}
