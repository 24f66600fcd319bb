package dev.sparkflow.jobs.sample;

import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.BudgetRecord;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.Rejection;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleHouseholdTest {
    @TempDir
    static Path dir;
    static Path landing;
    static SampleHousehold.Summary summary;
    static Map<String, ParsedFile> parsed = new LinkedHashMap<>();

    @BeforeAll
    static void writeAndParse() {
        landing = dir.resolve("landing");
        summary = SampleHousehold.write(landing, 42);
        for (String file : summary.files()) parsed.put(file, SampleFiles.parse(landing, file));
    }

    @Test
    void the_same_seed_writes_the_same_bytes_and_another_seed_does_not() {
        Map<String, String> again = SampleFiles.tree(writeTo(dir.resolve("again"), 42));
        assertEquals(SampleFiles.tree(landing), again);
        assertEquals(summary.files().size(), again.size());
        assertNotEquals(again, SampleFiles.tree(writeTo(dir.resolve("other"), 7)));
    }

    private static Path writeTo(Path root, long seed) {
        SampleHousehold.write(root, seed);
        return root;
    }

    @Test
    void every_file_is_ingested_in_its_expected_layout_and_account_and_conserves() {
        for (Map.Entry<String, ParsedFile> e : parsed.entrySet()) {
            String file = e.getKey();
            FileReport r = e.getValue().report();
            assertEquals(r.rowsQuarantined() == 0 ? FileReport.INGESTED : FileReport.PARTLY, r.status(),
                    file + " " + r.fileReason());
            assertTrue(r.conserves(), file);
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (name.startsWith("hausbank-")) {
                assertEquals("profile", r.layout().kind(), file);
                assertEquals("hausbank-giro", r.layout().name(), file);
                assertEquals("windows-1252", r.encoding(), file);
                assertEquals(SampleHousehold.CHECKING, r.accountId(), file);
                assertEquals(Map.of("blank", 1, "footer", 1, "header", 1, "preamble", 4), r.linesSkipped(), file);
            } else if (name.endsWith(".qfx") || name.endsWith(".ofx")) {
                assertEquals("ofx", r.layout().kind(), file);
                assertEquals(name.endsWith(".ofx") ? "ofx-2.x-xml" : "ofx-1.x-sgml", r.layout().name(), file);
                assertEquals(SampleHousehold.CARD, r.accountId(), file);
            } else if (file.startsWith("fx_rates/")) {
                assertEquals("ecb", r.layout().kind(), file);
                assertEquals("fx_rates", r.dataset(), file);
            } else {
                assertEquals("inferred", r.layout().kind(), file);
            }
        }
        assertEquals(SampleHousehold.SAVINGS, parsed.get("transactions/savings/sparwerk-tagesgeld-umsaetze.csv")
                .report().accountId());
        // A card statement's LEDGERBAL is a row too, of the balances dataset: one per OFX file.
        long balances = parsed.entrySet().stream().filter(e -> e.getKey().startsWith("transactions/"))
                .mapToLong(e -> e.getValue().report().rowsValidByDataset().getOrDefault("balances", 0)).sum();
        long rows = parsed.entrySet().stream().filter(e -> e.getKey().startsWith("transactions/"))
                .mapToLong(e -> e.getValue().report().rowsRead()).sum();
        assertEquals(summary.transactionRows(), rows - balances);
        assertEquals(parsed.keySet().stream().filter(f -> f.endsWith(".qfx") || f.endsWith(".ofx")).count(), balances);
        assertEquals(4, parsed.keySet().stream().filter(f -> f.contains("hausbank-")).count());
        assertEquals(9, parsed.keySet().stream().filter(f -> f.endsWith(".qfx")).count());
        assertEquals(1, parsed.keySet().stream().filter(f -> f.endsWith(".ofx")).count());
    }

    @Test
    void the_only_quarantined_rows_are_the_planted_ones() {
        Map<String, List<String>> planted = new TreeMap<>(), got = new TreeMap<>();
        summary.badRows().forEach(b -> planted.computeIfAbsent(b.file(), k -> new ArrayList<>()).add(b.kind()));
        parsed.forEach((file, p) -> {
            for (Rejection r : p.rejections()) got.computeIfAbsent(file, k -> new ArrayList<>()).add(r.reason().name());
        });
        assertEquals(planted, got);
        assertTrue(summary.badRows().size() >= 6 && summary.badRows().size() <= 10, summary.badRows().toString());
        // CSV rejections keep the raw line as it was planted.
        for (SampleHousehold.BadRow b : summary.badRows()) {
            if (b.file().endsWith(".csv")) {
                assertTrue(parsed.get(b.file()).rejections().stream().anyMatch(r -> r.rawText().equals(b.line())),
                        b.toString());
            }
        }
    }

    @Test
    void overlapping_exports_deduplicate_to_the_ledger_and_identical_purchases_survive() {
        Map<String, TransactionRecord> unique = uniqueTransactions();
        assertEquals(summary.uniqueTransactions(), unique.size());
        long written = parsed.values().stream().flatMap(p -> p.records().stream())
                .filter(r -> r instanceof TransactionRecord).count();
        assertTrue(written > unique.size() + 50, "overlaps should repeat rows: " + written + " vs " + unique.size());
        // The two identical Bäckerei purchases on one day: one file, occurrences 1 and 2.
        boolean pair = parsed.values().stream().anyMatch(p -> p.records().stream()
                .filter(r -> r instanceof TransactionRecord t && t.description().equals("Bäckerei Schmidt")
                        && t.amount().compareTo(new BigDecimal("-3.20")) == 0 && t.occurrence() == 2)
                .findAny().isPresent());
        assertTrue(pair);
    }

    @Test
    void four_accounts_over_twenty_four_months() {
        Map<String, TransactionRecord> unique = uniqueTransactions();
        Set<String> accounts = new TreeSet<>();
        Map<String, Set<YearMonth>> monthsByAccount = new TreeMap<>();
        for (TransactionRecord t : unique.values()) {
            accounts.add(t.accountId());
            monthsByAccount.computeIfAbsent(t.accountId(), k -> new TreeSet<>()).add(YearMonth.from(t.bookingDate()));
            assertTrue(!t.bookingDate().isBefore(SampleHousehold.FIRST_DAY)
                    && !t.bookingDate().isAfter(SampleHousehold.LAST_DAY), t.toString());
        }
        assertEquals(Set.of("main-checking", "credit-card", "savings", "wise-usd"), accounts);
        monthsByAccount.forEach((account, months) -> assertEquals(24, months.size(), account));
        List<BudgetRecord> budgets = records("budgets/budgets.csv", BudgetRecord.class);
        assertEquals(24 * 7, budgets.size());
    }

    @Test
    void month_end_balances_move_by_the_month_s_transactions() {
        Map<String, BigDecimal> sums = new HashMap<>();
        for (TransactionRecord t : uniqueTransactions().values()) {
            sums.merge(t.accountId() + "|" + YearMonth.from(t.bookingDate()), t.amount(), BigDecimal::add);
        }
        Map<String, BigDecimal> balance = new HashMap<>();
        List<BalanceRecord> balances = records("balances/balances.csv", BalanceRecord.class);
        assertEquals(4 * 24, balances.size());
        for (BalanceRecord b : balances) {
            YearMonth month = YearMonth.from(b.balanceDate());
            assertEquals(month.atEndOfMonth(), b.balanceDate());
            BigDecimal previous = balance.put(b.accountId() + "|" + month, b.balance());
            assertEquals(null, previous);
            BigDecimal before = balance.get(b.accountId() + "|" + month.minusMonths(1));
            if (before != null) {
                BigDecimal moved = sums.getOrDefault(b.accountId() + "|" + month, BigDecimal.ZERO);
                assertEquals(0, before.add(moved).compareTo(b.balance()), b.toString());
            }
        }
    }

    @Test
    void every_transfer_has_its_other_leg_within_the_window() {
        List<TransactionRecord> all = new ArrayList<>(uniqueTransactions().values());
        int savings = 0, repayments = 0;
        for (TransactionRecord out : all) {
            String other = out.description().startsWith("Übertrag auf Sparkonto") ? "savings"
                    : out.description().startsWith("CardCo Kreditkartenabrechnung") ? "credit-card" : null;
            if (other == null) continue;
            if (other.equals("savings")) savings++;
            else repayments++;
            assertTrue(all.stream().anyMatch(in -> in.accountId().equals(other)
                    && in.amount().compareTo(out.amount().negate()) == 0
                    && Math.abs(ChronoUnit.DAYS.between(out.bookingDate(), in.bookingDate())) <= 3), out.toString());
        }
        assertEquals(24, savings);
        assertEquals(24, repayments);
    }

    @Test
    void every_dollar_row_has_a_rate_within_the_look_back_but_the_one_planted_in_the_gap() {
        java.util.NavigableSet<LocalDate> rated = new TreeSet<>();
        for (String file : List.of(SampleRates.HIST_FILE, SampleRates.PORTAL_FILE)) {
            for (LakeRecord r : parsed.get(file).records()) {
                if (((dev.sparkflow.jobs.model.FxRateRecord) r).quoteCurrency().equals("USD")) rated.add(r.date());
            }
        }
        List<LocalDate> unrated = new ArrayList<>();
        for (TransactionRecord t : uniqueTransactions().values()) {
            if (!t.currency().equals("USD")) continue;
            LocalDate rate = rated.floor(t.bookingDate());
            if (rate == null || ChronoUnit.DAYS.between(rate, t.bookingDate()) > 4) unrated.add(t.bookingDate());
        }
        assertEquals(List.of(SampleHousehold.UNRATED_PURCHASE), unrated);
        // The history file names the lev N/A from 2026 (Bulgaria's euro): non-data cells, not rows.
        assertTrue(parsed.get(SampleRates.HIST_FILE).report().linesSkipped().get("no_rate") > 150);
    }

    @Test
    void every_quarterly_dollar_top_up_has_its_dollar_leg_within_the_window() {
        List<TransactionRecord> all = new ArrayList<>(uniqueTransactions().values());
        List<TransactionRecord> topUps = all.stream().filter(t -> t.description().startsWith("Übertrag auf Wise")).toList();
        assertEquals(8, topUps.size());
        for (TransactionRecord out : topUps) {
            assertTrue(all.stream().anyMatch(in -> in.accountId().equals("wise-usd") && in.currency().equals("USD")
                    && in.amount().signum() > 0
                    && Math.abs(ChronoUnit.DAYS.between(out.bookingDate(), in.bookingDate())) <= 3), out.toString());
        }
    }

    /** Valid transactions of all files, de-duplicated the way curate does (FITID, else content + occurrence). */
    private static Map<String, TransactionRecord> uniqueTransactions() {
        Map<String, TransactionRecord> unique = new LinkedHashMap<>();
        for (ParsedFile p : parsed.values()) {
            for (LakeRecord r : p.records()) {
                if (!(r instanceof TransactionRecord t)) continue;
                String key = t.reference() != null ? t.accountId() + "|fitid|" + t.reference()
                        : t.accountId() + "|" + t.bookingDate() + "|" + t.amount() + "|" + t.currency() + "|"
                        + t.description() + "|" + t.occurrence();
                unique.putIfAbsent(key, t);
            }
        }
        return unique;
    }

    private static <T> List<T> records(String file, Class<T> type) {
        return parsed.get(file).records().stream().map(type::cast).toList();
    }

    @Test
    void valid_dates_lie_in_the_fixed_window() {
        for (ParsedFile p : parsed.values()) {
            for (LakeRecord r : p.records()) {
                LocalDate d = r.date();
                assertTrue(!d.isBefore(SampleHousehold.FIRST_DAY) && !d.isAfter(SampleHousehold.LAST_DAY), r.toString());
            }
        }
    }
}
