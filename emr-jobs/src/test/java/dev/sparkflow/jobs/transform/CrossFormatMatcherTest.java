package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.TestConfig;
import dev.sparkflow.jobs.model.CurateReport;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossFormatMatcherTest {
    private final CrossFormatMatcher matcher = new CrossFormatMatcher(new MerchantCleaner(TestConfig.get().categories()));
    private final Map<String, Set<String>> alsoIn = new HashMap<>();

    /** A booked row of account "giro" read from {@code file} of batch b1. */
    private static Row in(String file, int line, String date, String amount, String text) {
        return new Row(file, line, date, null, amount, text, null, null);
    }

    private record Row(String file, int line, String date, String valueDate, String amount, String text, String e2e,
                       String iban) {
        Row valued(String second) {
            return new Row(file, line, date, second, amount, text, e2e, iban);
        }

        Row withE2e(String id) {
            return new Row(file, line, date, valueDate, amount, text, id, iban);
        }

        Row withIban(String counterpartyIban) {
            return new Row(file, line, date, valueDate, amount, text, e2e, counterpartyIban);
        }

        CurateRow curate() {
            return CurateRow.fresh(new TransactionRecord(line, "giro", LocalDate.parse(date),
                    valueDate == null ? null : LocalDate.parse(valueDate), new BigDecimal(amount), "EUR", text, null, 1,
                    TransactionRecord.BOOKED, null, TransactionRecord.Bank.of(iban, null, e2e)), "b1", file);
        }
    }

    private List<CurateRow> kept;

    private List<CurateReport.CrossFormatMatch> match(Row... rows) {
        kept = new ArrayList<>();
        for (Row r : rows) kept.add(r.curate());
        return matcher.dropMatched(kept, alsoIn);
    }

    private List<String> left() {
        return kept.stream().map(c -> c.sourceFile + ":" + c.lineNumber).sorted().toList();
    }

    @Test
    void the_csv_row_and_the_ofx_row_of_one_purchase_are_kept_once_as_the_earlier_file_has_it() {
        List<CurateReport.CrossFormatMatch> m = match(
                in("a-export.csv", 7, "2025-06-17", "-59.34", "Kartenzahlung REWE/Hauptstr. 41/Koeln/DE"),
                in("b-statement.ofx", 40, "2025-06-17", "-59.34", "REWE MARKT GMBH / KOELN"));
        assertEquals(List.of("a-export.csv:7"), left());
        assertEquals(1, m.size());
        assertEquals("same_day_same_counterparty", m.get(0).rule());
        assertEquals("same date, amount, currency; counterparty 'rewe'", m.get(0).why());
        assertEquals("b-statement.ofx", m.get(0).dropped().sourceFile());
        assertEquals(40, m.get(0).dropped().lineNumber());
        assertEquals(kept.get(0).id, m.get(0).kept().transactionId());
    }

    @Test
    void umlauts_spelt_either_way_name_the_same_counterparty() {
        List<CurateReport.CrossFormatMatch> m = match(in("a.xml", 30, "2025-06-16", "-4.10", "Bäckerei Schuster / 2025-06-15T09:07"),
                in("b.csv", 12, "2025-06-16", "-4.10", "Kartenzahlung girocard Baeckerei Schuster Lange Gasse"));
        assertEquals("same date, amount, currency; counterparty 'baeckerei'", m.get(0).why());
    }

    @Test
    void two_identical_coffees_in_one_file_stay_two_and_the_other_file_adds_none() {
        Row coffee1 = in("a.csv", 3, "2025-06-10", "-3.20", "Corner Cafe"), coffee2 = in("a.csv", 4, "2025-06-10", "-3.20", "Corner Cafe");
        assertEquals(0, match(coffee1, coffee2).size());
        assertEquals(2, kept.size());
        assertEquals(2, match(coffee1, coffee2, in("b.ofx", 9, "2025-06-10", "-3.20", "CORNER CAFE"),
                in("b.ofx", 17, "2025-06-10", "-3.20", "CORNER CAFE")).size());
        assertEquals(List.of("a.csv:3", "a.csv:4"), left());
    }

    @Test
    void the_true_count_is_the_most_any_one_file_has_never_the_sum() {
        match(in("a.csv", 3, "2025-06-10", "-3.20", "Corner Cafe"),
                in("b.ofx", 9, "2025-06-10", "-3.20", "CORNER CAFE"), in("b.ofx", 17, "2025-06-10", "-3.20", "CORNER CAFE"));
        assertEquals(List.of("a.csv:3", "b.ofx:17"), left());
        match(in("a.csv", 3, "2025-06-10", "-3.20", "Corner Cafe"), in("a.csv", 4, "2025-06-10", "-3.20", "Corner Cafe"),
                in("b.ofx", 9, "2025-06-10", "-3.20", "CORNER CAFE"));
        assertEquals(List.of("a.csv:3", "a.csv:4"), left());
    }

    @Test
    void a_third_file_pairs_with_what_the_first_two_left_whichever_file_each_row_came_from() {
        match(in("a.csv", 3, "2025-06-10", "-3.20", "Corner Cafe"),
                in("b.ofx", 9, "2025-06-10", "-3.20", "CORNER CAFE"), in("b.ofx", 17, "2025-06-10", "-3.20", "CORNER CAFE"),
                in("c.csv", 5, "2025-06-10", "-3.20", "Corner Cafe Berlin"), in("c.csv", 6, "2025-06-10", "-3.20", "Corner Cafe Berlin"));
        assertEquals(List.of("a.csv:3", "b.ofx:17"), left());
    }

    @Test
    void a_row_that_already_stands_for_a_file_by_its_id_is_not_paired_again_with_that_files_other_row() {
        // c.csv re-downloads a.csv: its first coffee has a.csv's id (dropped before the matcher), its second is new
        CurateRow a = in("a.csv", 3, "2025-06-10", "-3.20", "Corner Cafe").curate();
        CrossFormatMatcher.sameId(alsoIn, a, in("c.csv", 3, "2025-06-10", "-3.20", "Corner Cafe").curate());
        kept = new ArrayList<>(List.of(a, in("c.csv", 4, "2025-06-10", "-3.20", "Corner Cafe").curate()));
        assertEquals(0, matcher.dropMatched(kept, alsoIn).size());
        assertEquals(List.of("a.csv:3", "c.csv:4"), left());
    }

    @Test
    void two_rows_a_third_file_holds_both_of_are_two_transactions() {
        // g.csv has two 3.20 rows that day: one is a.csv's row by id, the other b.ofx's; so a's and b's are not one
        CurateRow a = in("a.csv", 3, "2025-06-10", "-3.20", "Corner Cafe").curate();
        CurateRow b = in("b.ofx", 9, "2025-06-10", "-3.20", "CORNER CAFE").curate();
        CrossFormatMatcher.sameId(alsoIn, a, in("g.csv", 3, "2025-06-10", "-3.20", "Corner Cafe").curate());
        CrossFormatMatcher.sameId(alsoIn, b, in("g.csv", 4, "2025-06-10", "-3.20", "CORNER CAFE").curate());
        kept = new ArrayList<>(List.of(a, b));
        assertEquals(0, matcher.dropMatched(kept, alsoIn).size());
        assertEquals(List.of("a.csv:3", "b.ofx:9"), left());
    }

    @Test
    void the_pair_whose_counterparty_agrees_is_preferred_over_a_mere_same_amount() {
        List<CurateReport.CrossFormatMatch> m = match(in("a.csv", 3, "2025-06-10", "-20.00", "REWE Koeln"),
                in("a.csv", 4, "2025-06-10", "-20.00", "Aldi Sued Koeln"),
                in("b.ofx", 9, "2025-06-10", "-20.00", "ALDI SUED"));
        assertEquals(1, m.size());
        assertEquals(4, m.get(0).kept().lineNumber());
        assertEquals("same date, amount, currency; counterparty 'aldi'", m.get(0).why());
    }

    @Test
    void rows_with_the_same_date_and_amount_but_no_agreeing_text_still_pair_one_to_one() {
        List<CurateReport.CrossFormatMatch> m = match(in("a.csv", 3, "2025-06-30", "-4.50", "Entgelt Kontoführung"),
                in("b.sta", 9, "2025-06-30", "-4.50", "Abschluss 06/2025"));
        assertEquals("same_day", m.get(0).rule());
        assertEquals(List.of("a.csv:3"), left());
    }

    @Test
    void differing_end_to_end_ids_or_counterparty_ibans_are_two_payments() {
        assertEquals(0, match(in("a.xml", 3, "2025-06-02", "-850.00", "Miete").withE2e("E2E-1"),
                in("b.sta", 9, "2025-06-02", "-850.00", "Miete").withE2e("E2E-2")).size());
        assertEquals(0, match(in("a.xml", 3, "2025-06-02", "-50.00", "Mara").withIban("DE02120300000000202051"),
                in("b.sta", 9, "2025-06-02", "-50.00", "Mara").withIban("DE44500105175407324931")).size());
        assertEquals(2, kept.size());
    }

    @Test
    void the_same_end_to_end_id_matches_whatever_the_text_and_is_named_in_the_report() {
        List<CurateReport.CrossFormatMatch> m = match(
                in("a.xml", 3, "2025-06-02", "-850.00", "Hausverwaltung Becker").withE2e("MIETE-2025-06").withIban("DE89 3704 0044 0532 0130 00"),
                in("b.csv", 9, "2025-06-02", "-850.00", "Dauerauftrag Miete Juni").withE2e("MIETE-2025-06").withIban("DE89370400440532013000"));
        assertEquals("same_end_to_end_id", m.get(0).rule());
        assertEquals("same date, amount, currency; end_to_end_id 'MIETE-2025-06'", m.get(0).why());
        List<CurateReport.CrossFormatMatch> byIban = match(
                in("a.xml", 3, "2025-06-02", "-850.00", "Hausverwaltung Becker").withIban("DE89 3704 0044 0532 0130 00"),
                in("b.csv", 9, "2025-06-02", "-850.00", "Dauerauftrag Miete Juni").withIban("DE89370400440532013000"));
        assertEquals("same_counterparty_iban", byIban.get(0).rule());
    }

    @Test
    void a_card_csvs_posting_date_pairs_with_the_ofx_date_only_when_the_merchant_agrees() {
        Row csv = in("card.csv", 4, "2025-06-28", "-48.20", "SHELL OIL 57444103").valued("2025-06-30");
        List<CurateReport.CrossFormatMatch> m = match(csv, in("card.qfx", 30, "2025-06-30", "-48.20", "SHELL OIL"));
        assertEquals("posting_day_same_counterparty", m.get(0).rule());
        assertEquals("booked 2025-06-28 with second date 2025-06-30 = booked 2025-06-30, same amount, currency; "
                + "counterparty 'shell'", m.get(0).why());
        assertEquals(0, match(csv, in("card.qfx", 30, "2025-06-30", "-48.20", "COSTCO WHSE")).size());
        assertEquals(0, match(in("card.csv", 4, "2025-06-29", "-48.20", "SHELL OIL"),
                in("card.qfx", 30, "2025-06-30", "-48.20", "SHELL OIL")).size(), "a day apart with no date stating it");
        assertEquals(0, match(csv.valued("2025-07-05"), in("card.qfx", 30, "2025-07-05", "-48.20", "SHELL OIL")).size(),
                "a second date a week away is not a posting date");
    }

    @Test
    void rows_already_curated_win_and_other_accounts_and_pending_rows_are_left_alone() {
        CurateRow curated = in("z-old.csv", 9, "2025-06-10", "-12.00", "Bakery").curate();
        curated.origin = 0;
        CurateRow fresh = in("a-new.ofx", 2, "2025-06-10", "-12.00", "BAKERY").curate();
        CurateRow pending = CurateRow.fresh(new TransactionRecord(5, "giro", LocalDate.parse("2025-06-10"), null,
                new BigDecimal("-12.00"), "EUR", "Bakery", null, 1, TransactionRecord.PENDING), "b1", "p.csv");
        CurateRow otherAccount = CurateRow.fresh(new TransactionRecord(6, "card", LocalDate.parse("2025-06-10"), null,
                new BigDecimal("-12.00"), "EUR", "Bakery", null, 1), "b1", "q.csv");
        kept = new ArrayList<>(List.of(fresh, curated, pending, otherAccount));
        List<CurateReport.CrossFormatMatch> m = matcher.dropMatched(kept, alsoIn);
        assertEquals(1, m.size());
        assertEquals("z-old.csv", m.get(0).kept().sourceFile());
        assertEquals(List.of("p.csv:5", "q.csv:6", "z-old.csv:9"), left());
        assertTrue(kept.contains(pending));
    }
}
