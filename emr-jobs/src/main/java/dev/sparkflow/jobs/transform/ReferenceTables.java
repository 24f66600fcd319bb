package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.config.CategoryRules;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
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
     * The accounts table: config/'s accounts, then the accounts files named that config/ does not list (type
     * "inferred", the currency of their rows, institution unknown): those of earlier runs ({@code before}, the table
     * as it was) and those of this batch's reports. An account once inferred and now configured is config/'s.
     */
    public static List<Row> accounts(Accounts accounts, List<Row> before, IngestReport batch) {
        List<Row> rows = new ArrayList<>(accounts(accounts));
        java.util.Set<String> ids = new java.util.HashSet<>();
        accounts.accounts().forEach(a -> ids.add(a.id()));
        Map<String, String> inferred = new java.util.TreeMap<>();
        for (Row r : before) {
            if ("inferred".equals(r.getString(3)) && !ids.contains(r.getString(0))) inferred.put(r.getString(0), r.getString(4));
        }
        for (FileReport f : batch.files()) {
            String listed = f.layout() == null ? null : f.layout().details().get(FileReport.INFERRED_ACCOUNTS);
            if (listed == null || listed.isEmpty()) continue;
            for (String entry : listed.split(",")) {
                String[] idCurrency = entry.split("=", 2);
                String currency = idCurrency.length > 1 && !idCurrency[1].isEmpty() ? idCurrency[1] : null;
                if (!ids.contains(idCurrency[0])) inferred.merge(idCurrency[0], currency == null ? "" : currency,
                        (old, now) -> old.isEmpty() ? now : old);
            }
        }
        inferred.forEach((id, currency) -> rows.add(RowFactory.create(id, id, null, "inferred",
                currency == null || currency.isEmpty() ? null : currency)));
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
