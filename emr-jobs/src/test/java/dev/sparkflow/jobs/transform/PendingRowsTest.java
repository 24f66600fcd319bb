package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PendingRowsTest {
    private static CurateRow row(String account, String date, String amount, String status, String text) {
        return CurateRow.fresh(new TransactionRecord(1, account, LocalDate.parse(date), null, new BigDecimal(amount), "EUR",
                text, null, 1, status), "b1", "f.csv");
    }

    private static List<String> descriptionsLeft(List<CurateRow> kept) {
        return kept.stream().map(c -> c.description).toList();
    }

    @Test
    void a_booked_row_a_few_days_later_replaces_its_pending_row() {
        CurateRow pending = row("a", "2025-06-10", "-12.50", TransactionRecord.PENDING, "REWE pending");
        CurateRow booked = row("a", "2025-06-12", "-12.50", TransactionRecord.BOOKED, "REWE booked");
        List<CurateRow> kept = new ArrayList<>(List.of(pending, booked));
        assertEquals(1, PendingRows.dropSuperseded(kept, kept));
        assertEquals(List.of("REWE booked"), descriptionsLeft(kept));
    }

    @Test
    void a_pending_row_stays_while_no_booked_row_of_its_amount_account_and_time_exists() {
        CurateRow pending = row("a", "2025-06-10", "-12.50", TransactionRecord.PENDING, "pending");
        List<CurateRow> kept = new ArrayList<>(List.of(pending,
                row("a", "2025-06-12", "-12.51", TransactionRecord.BOOKED, "other amount"),
                row("b", "2025-06-12", "-12.50", TransactionRecord.BOOKED, "other account"),
                row("a", "2025-06-25", "-12.50", TransactionRecord.BOOKED, "too late"),
                row("a", "2025-06-01", "-12.50", TransactionRecord.BOOKED, "too early")));
        assertEquals(0, PendingRows.dropSuperseded(kept, kept));
        assertEquals(5, kept.size());
    }

    @Test
    void one_booked_row_settles_one_pending_row_only() {
        List<CurateRow> kept = new ArrayList<>(List.of(
                row("a", "2025-06-10", "-3.00", TransactionRecord.PENDING, "coffee 1"),
                row("a", "2025-06-10", "-3.00", TransactionRecord.PENDING, "coffee 2"),
                row("a", "2025-06-11", "-3.00", TransactionRecord.BOOKED, "coffee booked")));
        assertEquals(1, PendingRows.dropSuperseded(kept, kept));
        assertEquals(2, kept.size());
    }
}
