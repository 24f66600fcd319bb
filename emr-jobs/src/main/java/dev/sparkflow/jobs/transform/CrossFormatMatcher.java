package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.model.CurateReport;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One truth across formats: the same transaction of one account read from two files (a CSV export, then the OFX,
 * CAMT.053 or MT940 of the same weeks; a re-download whose descriptions the bank edited) has two ids, and is kept once.
 * Rows of one account with the same amount and currency from different files are candidates; a file is a complete
 * view of its days, so the true number of a transaction is the most any one file has, never the sum: each file's rows
 * pair one to one with the rows kept from the files before it, and what finds no partner is a transaction of its own
 * (two identical coffees on one day in one file stay two).
 * <p>A pair is refused when both rows carry a bank detail of the same kind that differs (end-to-end id, counterparty
 * IBAN). The bank's own reference is not compared: an OFX FITID, a CAMT AcctSvcrRef and an MT940 bank reference are
 * different kinds, and some banks issue new FITIDs on every download. Among the pairs allowed, the strongest rule wins
 * (see {@link Rule}); the earlier row is kept, in curate's "first seen wins" order.
 * <p>Dates: the same booking date; or, when one row states a second date (the posting date of a card CSV that lists
 * the purchase date first, a value date) within {@value #SECOND_DATE_DAYS} days of its own, that date equal to the
 * other row's booking date, and only when the counterparty or a bank detail agrees. The corpus shows why: card CSVs
 * (Capital One, Discover) list the purchase date first and the posting date second, while OFX dates a row by DTPOSTED,
 * so the same purchase is dated 1-2 days apart; CAMT and MT940 of the same account give the same booking date. A date
 * difference no row states is never assumed. Rows are matched within the month curate holds them in: a pair whose two
 * dates straddle a month end is not matched.
 * Pending rows are left to {@link PendingRows}.
 */
final class CrossFormatMatcher {
    /** How far a stated second date may lie from the row's booking date to count as its posting date. */
    static final int SECOND_DATE_DAYS = 3;
    private static final Pattern NOT_LETTERS = Pattern.compile("[^\\p{L}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Counterparty words that say nothing of who it is. */
    private static final Set<String> FILLER = Set.of("gmbh", "the", "und", "and", "ltd", "inc", "bei", "von", "fuer", "for",
            "girocard");

    /** The rules, strongest first; the report names each by its lower-case name. */
    enum Rule {
        SAME_END_TO_END_ID, SAME_COUNTERPARTY_IBAN, SAME_DAY_SAME_COUNTERPARTY, SAME_DAY, POSTING_DAY_SAME_COUNTERPARTY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MerchantCleaner merchants;
    private final Map<String, Counterparty> byDescription = new HashMap<>();

    CrossFormatMatcher(MerchantCleaner merchants) {
        this.merchants = merchants;
    }

    /** The file a row was read from: batch and source file (a re-download may come under the same name). */
    static String fileOf(CurateRow c) {
        return c.batchId + '/' + c.sourceFile;
    }

    /**
     * Notes that {@code first} and {@code second} share an id (the id de-duplication keeps one): the row kept stands
     * for both files, so a third file's row is not paired with it again on behalf of the same file.
     */
    static void sameId(Map<String, Set<String>> alsoIn, CurateRow first, CurateRow second) {
        Set<String> files = alsoIn.computeIfAbsent(first.id, k -> new HashSet<>(4));
        files.add(fileOf(first));
        files.add(fileOf(second));
    }

    /**
     * Removes from {@code kept} the rows that are another file's row of the same transaction; returns each match.
     * @param kept   one month's rows after the id de-duplication
     * @param alsoIn per id that absorbed rows of other files by id: every file it stands for (see {@link #sameId})
     */
    List<CurateReport.CrossFormatMatch> dropMatched(List<CurateRow> kept, Map<String, Set<String>> alsoIn) {
        if (!anyAccountInTwoFiles(kept)) return List.of(); // the usual month: nothing to compare
        Map<String, List<CurateRow>> groups = new HashMap<>();
        for (CurateRow c : kept) {
            if (!c.pending) groups.computeIfAbsent(c.accountId + '\u0000' + c.currency + '\u0000' + c.cents,
                    k -> new ArrayList<>(2)).add(c);
        }
        List<CurateReport.CrossFormatMatch> matches = new ArrayList<>();
        Map<CurateRow, Boolean> dropped = new IdentityHashMap<>();
        for (List<CurateRow> group : groups.values()) if (group.size() > 1) matchGroup(group, alsoIn, matches, dropped);
        if (!dropped.isEmpty()) kept.removeIf(dropped::containsKey);
        return matches;
    }

    private static boolean anyAccountInTwoFiles(List<CurateRow> rows) {
        Map<String, String> fileByAccount = new HashMap<>();
        for (CurateRow c : rows) {
            if (c.pending) continue;
            String file = fileByAccount.putIfAbsent(c.accountId, fileOf(c));
            if (file != null && !file.equals(fileOf(c))) return true;
        }
        return false;
    }

    /** The rows of one account, amount and currency: each file in turn pairs with what the files before it left. */
    private void matchGroup(List<CurateRow> group, Map<String, Set<String>> alsoIn,
                            List<CurateReport.CrossFormatMatch> matches, Map<CurateRow, Boolean> dropped) {
        group.sort(FIRST_SEEN);
        Map<String, List<CurateRow>> byFile = new LinkedHashMap<>();
        for (CurateRow c : group) byFile.computeIfAbsent(fileOf(c), k -> new ArrayList<>()).add(c);
        if (byFile.size() < 2) return;
        List<CurateRow> survivors = new ArrayList<>();
        Map<CurateRow, Set<String>> covers = new IdentityHashMap<>();
        for (Map.Entry<String, List<CurateRow>> file : byFile.entrySet()) {
            List<CurateRow> rows = file.getValue();
            for (CurateRow c : rows) {
                Set<String> files = new LinkedHashSet<>(alsoIn.getOrDefault(c.id, Set.of()));
                files.add(fileOf(c));
                covers.put(c, files);
            }
            List<Pair> pairs = new ArrayList<>();
            for (int s = 0; s < survivors.size(); s++) {
                CurateRow earlier = survivors.get(s);
                for (int r = 0; r < rows.size(); r++) {
                    // A file that has both as rows of its own says they are two transactions.
                    if (!Collections.disjoint(covers.get(earlier), covers.get(rows.get(r)))) continue;
                    Pair p = pair(earlier, rows.get(r), s, r);
                    if (p != null) pairs.add(p);
                }
            }
            pairs.sort(Comparator.comparingInt((Pair p) -> p.rule.ordinal()).thenComparingInt(p -> p.survivor)
                    .thenComparingInt(p -> p.row));
            boolean[] survivorUsed = new boolean[survivors.size()], rowUsed = new boolean[rows.size()];
            for (Pair p : pairs) {
                if (survivorUsed[p.survivor] || rowUsed[p.row]) continue;
                survivorUsed[p.survivor] = rowUsed[p.row] = true;
                CurateRow keep = survivors.get(p.survivor), drop = rows.get(p.row);
                covers.get(keep).addAll(covers.get(drop));
                dropped.put(drop, Boolean.TRUE);
                matches.add(new CurateReport.CrossFormatMatch(p.rule.label(), p.why, side(keep), side(drop)));
            }
            for (int r = 0; r < rows.size(); r++) if (!rowUsed[r]) survivors.add(rows.get(r));
        }
    }

    /** Curate's order among duplicates: already curated first, then by batch, file and line. */
    private static final Comparator<CurateRow> FIRST_SEEN = Comparator.<CurateRow>comparingInt(c -> c.origin)
            .thenComparing(c -> c.batchId).thenComparing(c -> c.sourceFile).thenComparingInt(c -> c.lineNumber);

    private record Pair(Rule rule, String why, int survivor, int row) {
    }

    /** The rule that pairs an earlier row with a later one (same account, amount and currency), or null. */
    private Pair pair(CurateRow earlier, CurateRow later, int s, int r) {
        String e2eA = plain(earlier.endToEndId), e2eB = plain(later.endToEndId);
        String ibanA = iban(earlier.counterpartyIban), ibanB = iban(later.counterpartyIban);
        if (e2eA != null && e2eB != null && !e2eA.equals(e2eB) || ibanA != null && ibanB != null && !ibanA.equals(ibanB)) {
            return null; // both state it, and it differs: two payments
        }
        String e2e = e2eA != null && e2eB != null ? e2eA : null, iban = ibanA != null && ibanB != null ? ibanA : null;
        boolean sameDay = earlier.epochDay == later.epochDay;
        String posted = sameDay ? null : postingDay(earlier, later);
        if (!sameDay && posted == null) return null;
        String dates = sameDay ? "same date, amount, currency" : posted + ", same amount, currency";
        if (e2e != null) return new Pair(Rule.SAME_END_TO_END_ID, dates + "; end_to_end_id '" + e2e + "'", s, r);
        String counterparty = counterparty(earlier.description).agreesWith(counterparty(later.description));
        if (!sameDay) {
            if (iban == null && counterparty == null) return null;
            return new Pair(Rule.POSTING_DAY_SAME_COUNTERPARTY, dates + "; "
                    + (iban != null ? "counterparty IBAN " + iban : "counterparty '" + counterparty + "'"), s, r);
        }
        if (iban != null) return new Pair(Rule.SAME_COUNTERPARTY_IBAN, dates + "; counterparty IBAN " + iban, s, r);
        if (counterparty != null) {
            return new Pair(Rule.SAME_DAY_SAME_COUNTERPARTY, dates + "; counterparty '" + counterparty + "'", s, r);
        }
        return new Pair(Rule.SAME_DAY, dates, s, r);
    }

    /** A stated bank detail stripped, or null. */
    private static String plain(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** An IBAN as one compares them: no spaces, upper case; or null. */
    private static String iban(String value) {
        return value == null || value.isBlank() ? null : value.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** "booked d1, posted d2 vs booked d2" when one row's stated second date is the other's booking date, else null. */
    private static String postingDay(CurateRow a, CurateRow b) {
        for (CurateRow[] p : new CurateRow[][]{{a, b}, {b, a}}) {
            CurateRow two = p[0], one = p[1];
            if (two.valueEpochDay != CurateRow.NO_DATE && two.valueEpochDay == one.epochDay
                    && Math.abs(two.valueEpochDay - two.epochDay) <= SECOND_DATE_DAYS) {
                return "booked " + LocalDate.ofEpochDay(two.epochDay) + " with second date "
                        + LocalDate.ofEpochDay(two.valueEpochDay) + " = booked " + LocalDate.ofEpochDay(one.epochDay);
            }
        }
        return null;
    }

    private Counterparty counterparty(String description) {
        return byDescription.computeIfAbsent(description, d -> Counterparty.of(merchants.clean(d)));
    }

    /** The words of a cleaned merchant name (lower case, accents dropped), its first word apart. */
    record Counterparty(String first, Set<String> words) {
        static Counterparty of(String merchant) {
            // German exports spell umlauts both ways (Bäckerei, Baeckerei): fold them to the spelling without.
            String lower = merchant.toLowerCase(Locale.ROOT).replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                    .replace("ß", "ss");
            String folded = MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
            Set<String> words = new LinkedHashSet<>();
            for (String w : NOT_LETTERS.split(folded)) if (w.length() >= 3 && !FILLER.contains(w)) words.add(w);
            return new Counterparty(words.isEmpty() ? null : words.iterator().next(), Collections.unmodifiableSet(words));
        }

        /** The word both name when one's first word is among the other's words ("rewe"), else null. */
        String agreesWith(Counterparty other) {
            if (first != null && other.words.contains(first)) return first;
            if (other.first != null && words.contains(other.first)) return other.first;
            return null;
        }
    }

    private static CurateReport.Side side(CurateRow c) {
        return new CurateReport.Side(c.id, c.batchId, c.sourceFile, c.lineNumber);
    }
}
