package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.IngestReport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReferenceTablesTest {
    private static FileReport file(String inferred) {
        return new FileReport("transactions/x.csv", "transactions", "sha", 1, FileReport.INGESTED, null, null, null,
                "UTF-8", false, new FileReport.Layout("inferred", null, Map.of(FileReport.INFERRED_ACCOUNTS, inferred)),
                null, 2, Map.of("header", 1), 1, 1, 0, Map.of(), List.of("2025-06"));
    }

    @Test
    void accounts_the_files_named_join_the_configured_ones_with_their_currency_and_earlier_ones_stay() {
        IngestReport batch = new IngestReport("b", "2026-12-01", "/lake",
                List.of(file("iban-nl91abna0417164300=EUR,card-1234=USD"), file("savings=EUR")), List.of(), Map.of());
        List<Row> before = List.of(RowFactory.create("acct-9876", "acct-9876", null, "inferred", "GBP"),
                RowFactory.create("main-checking", "Main checking (Hausbank)", "Hausbank", "checking", "EUR"));
        List<Row> rows = ReferenceTables.accounts(TestConfig.get().accounts(), before, batch);
        List<String> ids = rows.stream().map(r -> r.getString(0)).toList();
        assertEquals(List.of("main-checking", "credit-card", "savings", "wise-usd", "acct-9876", "card-1234", "iban-nl91abna0417164300"),
                ids, "configured first (a configured id is never inferred), then inferred ones sorted");
        Row card = rows.stream().filter(r -> r.getString(0).equals("card-1234")).findFirst().orElseThrow();
        assertEquals(List.of("card-1234", "inferred", "USD"), List.of(card.getString(1), card.getString(3), card.getString(4)));
    }
}
