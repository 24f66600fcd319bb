package dev.sparkflow.jobs.transform;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TransactionIdsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @Test
    void whitespaceIsCollapsedExactlyAsTheRegexDid() {
        Random random = new Random(3);
        String alphabet = "ab \t\n\u000B\f\r\u00A0\u2003é";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String text = b.toString();
            assertEquals(text.strip().replaceAll("\\s+", " "), TransactionIds.collapseSpaces(text), () -> "for " + text.chars().boxed().toList());
        }
    }

    @Test
    void theSameRowInTwoExportsGetsOneIdAndARepeatAnother() {
        String id = TransactionIds.of("acc", DAY, new BigDecimal("-4.50"), "EUR", "Café  Extrablatt", null, 1);
        assertEquals(id, TransactionIds.of("acc", DAY, new BigDecimal("-4.5"), "EUR", " café\tExtrablatt ", null, 1));
        assertNotEquals(id, TransactionIds.of("acc", DAY, new BigDecimal("-4.50"), "EUR", "Café Extrablatt", null, 2));
        assertEquals(32, id.length());
        assertEquals(TransactionIds.of("acc", DAY, BigDecimal.ONE, "EUR", "x", "FIT-1", 1),
                TransactionIds.of("acc", DAY.plusDays(1), BigDecimal.TEN, "EUR", "y", " FIT-1 ", 3));
    }
}
