package dev.sparkflow.jobs.sample;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes the exports of a realistic sample household into a local {@code landing/} folder: two years
 * (2024-11-01 .. 2026-10-31, fixed so the output never depends on today) of the three accounts in
 * config/accounts.yml, each in a different export layout, plus month-end balances and monthly budgets.
 * <ul>
 *   <li>{@code main-checking}: the {@code hausbank-giro} profile (Windows-1252, ';', 1.234,56, dd.MM.yyyy,
 *       Soll/Haben columns, a preamble naming the account number, a "Kontostand am" footer), as four
 *       overlapping exports directly under {@code transactions/} (overlap rows are byte-identical).</li>
 *   <li>{@code credit-card}: OFX 1.x SGML, one file per calendar quarter, plus one OFX 2.x XML export
 *       that repeats a stretch of the SGML ones with the same FITIDs.</li>
 *   <li>{@code savings}: a plain CSV no profile matches (layout inferred) under {@code transactions/savings/}.</li>
 *   <li>{@code wise-usd}: a US-dollar balance, a plain CSV under {@code transactions/wise-usd/}, topped up from
 *       checking every quarter (500 EUR at the day's rate less a 0.65 % fee), with the euro reference rates that
 *       convert it ({@link SampleRates}: two ECB files under {@code fx_rates/}, a week of October 2026 in neither).</li>
 * </ul>
 * Transfers between the accounts (savings, card repayment) have both legs within the transfer window.
 * A few bad rows are planted on purpose; {@link Summary#badRows()} lists each with the reason code the
 * parser is expected to give it. Same seed, same bytes.
 */
public final class SampleHousehold {
    public static final LocalDate FIRST_DAY = LocalDate.of(2024, 11, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    /** Account ids as in config/accounts.yml. */
    public static final String CHECKING = "main-checking", CARD = "credit-card", SAVINGS = "savings", WISE = "wise-usd";
    /** A dollar purchase planted in the week the sample's rate files leave out: the marts show it as a rate gap. */
    public static final LocalDate UNRATED_PURCHASE = LocalDate.of(2026, 10, 15);

    /** Balances on the day before {@link #FIRST_DAY}, in cents. */
    static final long CHECKING_OPENING = 381_456, SAVINGS_OPENING = 825_000, CARD_OPENING = -41_237;
    /** The dollar balance's opening, in US cents. */
    static final long WISE_OPENING = 125_000;

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final YearMonth FIRST_MONTH = YearMonth.from(FIRST_DAY), LAST_MONTH = YearMonth.from(LAST_DAY);
    private static final String[] MONATE = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
            "September", "Oktober", "November", "Dezember"};
    private static final String CARD_NUMBER = "4000123412341234";

    /** A row planted to be rejected: the file (relative to landing/), the expected reason code, the raw row. */
    public record BadRow(String file, String kind, String line) {
    }

    /**
     * What was written. {@code files} are relative to the landing folder ('/' separated);
     * {@code transactionRows} counts every data row of the transaction files (CSV rows and OFX STMTTRN
     * blocks, overlaps and planted bad rows included); {@code uniqueTransactions} is what should remain
     * after validation and de-duplication.
     */
    public record Summary(List<String> files, long transactionRows, long uniqueTransactions, List<BadRow> badRows) {
        public Summary {
            files = List.copyOf(files);
            badRows = List.copyOf(badRows);
        }

        public int filesWritten() {
            return files.size();
        }

        /** Planted bad rows per expected reason code. */
        public Map<String, Integer> badRowsByKind() {
            Map<String, Integer> byKind = new TreeMap<>();
            badRows.forEach(b -> byKind.merge(b.kind(), 1, Integer::sum));
            return byKind;
        }
    }

    private record Giro(LocalDate date, LocalDate valuta, long cents, String text) {
    }

    private record Card(LocalDate date, long cents, String type, String name, String memo, String fitid) {
    }

    private record Save(LocalDate date, long cents, String text) {
    }

    /** A row of the dollar balance, in US cents. */
    private record Wise(LocalDate date, long cents, String text) {
    }

    /** One line of a file in date order; {@code kind} is non-null for a planted bad row. */
    private record Entry(LocalDate date, String line, String kind) {
    }

    private final Random rnd;
    private final List<Giro> giro = new ArrayList<>();
    private final List<Card> card = new ArrayList<>();
    private final List<Save> save = new ArrayList<>();
    private final List<Wise> wise = new ArrayList<>();
    /** The dollar account's own randomness, so adding it left the other accounts' rows as they were. */
    private final Random fxRnd;
    private final SampleRates rates;
    private final List<String> files = new ArrayList<>();
    private final List<BadRow> bad = new ArrayList<>();
    private int fitSeq;
    private long transactionRows;

    private SampleHousehold(long seed) {
        this.rnd = new Random(seed);
        this.fxRnd = new Random(seed ^ 0x5DEECE66DL);
        this.rates = new SampleRates(fxRnd, FIRST_DAY, LAST_DAY);
    }

    /** Writes the household under {@code landingDir} (created if needed; existing files of the same name are replaced). */
    public static Summary write(Path landingDir, long seed) {
        SampleHousehold h = new SampleHousehold(seed);
        h.generate();
        h.writeCheckingExports(landingDir);
        h.writeCardExports(landingDir);
        h.writeSavingsExport(landingDir);
        h.writeWiseExport(landingDir);
        h.writeBalances(landingDir);
        h.writeBudgets(landingDir);
        Map<String, String> rateFiles = h.rates.files();
        for (String name : SampleRates.names()) h.emit(landingDir, name, rateFiles.get(name).getBytes(StandardCharsets.UTF_8));
        return new Summary(h.files, h.transactionRows, h.giro.size() + h.card.size() + h.save.size() + h.wise.size(),
                h.bad);
    }

    // ------------------------------------------------------------------ the ledger

    private void generate() {
        for (YearMonth ym = FIRST_MONTH; !ym.isAfter(LAST_MONTH); ym = ym.plusMonths(1)) {
            cardPurchases(ym);
        }
        Map<YearMonth, Long> spent = new TreeMap<>();
        for (Card c : card) spent.merge(YearMonth.from(c.date), c.cents, Long::sum);
        long savings = SAVINGS_OPENING;
        for (YearMonth ym = FIRST_MONTH; !ym.isAfter(LAST_MONTH); ym = ym.plusMonths(1)) {
            long repay = ym.equals(FIRST_MONTH) ? -CARD_OPENING : -spent.get(ym.minusMonths(1));
            int before = save.size();
            checkingMonth(ym, repay);
            for (int i = before; i < save.size(); i++) savings += save.get(i).cents;
            // Interest on the month-end balance, credited on the last day of the month.
            int basisPoints = ym.isBefore(YearMonth.of(2025, 7)) ? 225 : 175;
            long interest = Math.round(savings * basisPoints / 10_000.0 / 12.0);
            save.add(new Save(ym.atEndOfMonth(), interest,
                    "Zinsen, Tagesgeld " + Fmt.two(ym.getMonthValue()) + "/" + ym.getYear()));
            savings += interest;
        }
        for (YearMonth ym = FIRST_MONTH; !ym.isAfter(LAST_MONTH); ym = ym.plusMonths(1)) {
            wiseMonth(ym);
        }
        giro.sort(Comparator.comparing(Giro::date));
        card.sort(Comparator.comparing(Card::date));
        save.sort(Comparator.comparing(Save::date));
        wise.sort(Comparator.comparing(Wise::date));
    }

    /** The dollar balance: a quarterly top-up from checking, an audiobook subscription, a few purchases in dollars. */
    private void wiseMonth(YearMonth ym) {
        if (ym.getMonthValue() % 3 == 2) {
            LocalDate sent = workdayOnOrAfter(ym.atDay(12));
            giro(sent, -50_000, "Übertrag auf Wise USD-Konto");
            long usd = rates.usdOn(sent).multiply(java.math.BigDecimal.valueOf(50_000 * 0.9935))
                    .setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
            wise.add(new Wise(workdayOnOrAfter(sent.plusDays(1)), usd, "Converted 500.00 EUR to USD"));
        }
        wise.add(new Wise(ym.atDay(3), -1_495, "Audible Inc US Membership"));
        String[] shops = {"Amazon.com*Marketplace", "Apple.com/bill", "Steam Purchase Bellevue WA", "Etsy.com"};
        for (int i = 1 + fxRnd.nextInt(3); i > 0; i--) {
            LocalDate day = ym.atDay(1 + fxRnd.nextInt(ym.lengthOfMonth()));
            if (day.isAfter(SampleRates.HIST_LAST_DAY)) day = SampleRates.HIST_LAST_DAY; // the gap holds one row only
            wise.add(new Wise(day, -(499 + fxRnd.nextInt(5_500)), shops[fxRnd.nextInt(shops.length)]));
        }
        if (ym.equals(YearMonth.from(UNRATED_PURCHASE))) {
            wise.add(new Wise(UNRATED_PURCHASE, -2_349, "Amazon.com*Marketplace"));
        }
    }

    private void checkingMonth(YearMonth ym, long cardRepayment) {
        boolean y2026 = ym.getYear() >= 2026;
        LocalDate first = workdayOnOrAfter(ym.atDay(1));
        giro(first, -(y2026 ? 132_000 : 129_000), "Miete Hausverwaltung Müller");
        giro(first, -4_830, "HUK-COBURG Kfz-Versicherung Beitrag");
        giro(workdayOnOrAfter(ym.atDay(2)), -2_499, "FitX Fitness Studio Mitgliedsbeitrag");

        LocalDate toSavings = workdayOnOrAfter(ym.atDay(3));
        giro(toSavings, -30_000, "Übertrag auf Sparkonto");
        LocalDate arrives = toSavings.plusDays(rnd.nextInt(2));
        save.add(new Save(arrives, 30_000, "Übertrag von Girokonto DE44500105175407324931"));

        giro(workdayOnOrAfter(ym.atDay(5)), -3_995, "Telekom Deutschland GmbH Internet und Festnetz");
        LocalDate repayDay = workdayOnOrAfter(ym.atDay(10));
        giro(repayDay, -cardRepayment, "CardCo Kreditkartenabrechnung " + Fmt.two(ym.minusMonths(1).getMonthValue())
                + "/" + ym.minusMonths(1).getYear());
        card(repayDay.plusDays(1 + rnd.nextInt(2)), cardRepayment, "CREDIT", "PAYMENT RECEIVED", "THANK YOU");
        giro(workdayOnOrAfter(ym.atDay(15)), -(y2026 ? 9_200 : 8_600), "Stadtwerke Strom Abschlag Köln");
        giro(workdayOnOrAfter(ym.atDay(20)), -1_999, "Vodafone GmbH Mobilfunk");
        if (ym.getMonthValue() % 3 == 1) {
            giro(workdayOnOrAfter(ym.atDay(15)), -5_508, "Rundfunk ARD ZDF Deutschlandradio Beitragsservice");
        }

        LocalDate payday = lastWorkday(ym);
        giro(payday, y2026 ? 380_000 : 365_000, "Gehalt " + MONATE[ym.getMonthValue() - 1] + " ACME GmbH");
        giro(payday, -490, "Entgelt Kontoführung");

        LocalDate bakeryPair = ym.equals(YearMonth.of(2025, 8)) ? workdayOnOrAfter(ym.atDay(14)) : null;
        for (LocalDate d = ym.atDay(1); !d.isAfter(ym.atEndOfMonth()); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SUNDAY) continue;
            boolean saturday = d.getDayOfWeek() == DayOfWeek.SATURDAY;
            if (rnd.nextDouble() < (saturday ? 0.85 : 0.35)) {
                int store = rnd.nextInt(20);
                if (store < 9) shop(d, cents(1_200, saturday ? 13_500 : 6_500), "REWE Markt Köln");
                else if (store < 15) shop(d, cents(800, 7_000), "Lidl Köln-Ehrenfeld");
                else shop(d, cents(800, 6_500), "Aldi Süd Köln-Nippes");
            }
            if (d.equals(bakeryPair)) {
                // Two genuinely identical purchases on one day: both must survive de-duplication.
                shop(d, -320, "Bäckerei Schmidt");
                shop(d, -320, "Bäckerei Schmidt");
            } else if (rnd.nextDouble() < 0.12) {
                long[] prices = {240, 320, 410, 560, 680};
                shop(d, -prices[rnd.nextInt(prices.length)], "Bäckerei Schmidt");
            }
        }
        LocalDate atm = workdayOnOrAfter(ym.atDay(6 + rnd.nextInt(18)));
        giro(atm, rnd.nextBoolean() ? -10_000 : -20_000, "Bargeld Geldautomat Sparkasse KölnBonn");
        for (int i = rnd.nextInt(3); i > 0; i--) {
            shop(workdayOnOrAfter(ym.atDay(1 + rnd.nextInt(26))), cents(299, 3_899), "dm-drogerie markt Köln");
        }
        if (rnd.nextInt(10) < 3) {
            shop(workdayOnOrAfter(ym.atDay(1 + rnd.nextInt(25))), cents(750, 4_500), "Apotheke am Dom Köln");
        }
        if (ym.equals(YearMonth.of(2025, 9))) {
            LocalDate laptop = workdayOnOrAfter(ym.atDay(12));
            giro(laptop, 100_000, "Übertrag vom Sparkonto");
            save.add(new Save(laptop, -100_000, "Übertrag auf Girokonto DE44500105175407324931"));
            shop(laptop, -189_900, "MediaMarkt Köln Laptop");
        }
        if (ym.equals(YearMonth.of(2026, 3))) {
            shop(ym.atDay(14), -64_900, "IKEA Köln-Godorf Sofa");
        }
    }

    /** A girocard purchase: on a Saturday it is booked on Monday with the Saturday as value date. */
    private void shop(LocalDate day, long cents, String text) {
        LocalDate booked = day.getDayOfWeek() == DayOfWeek.SATURDAY && !day.plusDays(2).isAfter(LAST_DAY)
                ? day.plusDays(2) : day;
        giro.add(new Giro(booked, day, cents, text));
    }

    private void giro(LocalDate date, long cents, String text) {
        giro.add(new Giro(date, date, cents, text));
    }

    private void cardPurchases(YearMonth ym) {
        card(ym.atDay(Math.min(7, ym.lengthOfMonth())), -1_599, "DEBIT", "NETFLIX.COM", "Netflix Abo");
        card(ym.atDay(19), -1_099, "DEBIT", "Spotify AB", "Spotify Premium");
        String[] restaurants = {"Restaurant Da Mario", "Pizzeria Bella Napoli", "Cafe Extrablatt Koeln",
                "Bistro Ehrenfeld", "Sushi Circle Restaurant"};
        int amazon = 2 + rnd.nextInt(3), dining = 2 + rnd.nextInt(3), trains = 1 + rnd.nextInt(2),
                fuel = 1 + rnd.nextInt(2);
        for (int i = 0; i < amazon; i++) {
            card(day(ym), cents(799, 8_999), "DEBIT", "AMZN Mktp DE", "Amazon.de Bestellung "
                    + (302_0000000L + rnd.nextInt(9_000_000)));
        }
        for (int i = 0; i < dining; i++) {
            card(day(ym), cents(1_800, 8_500), "DEBIT", restaurants[rnd.nextInt(restaurants.length)], "Koeln");
        }
        for (int i = 0; i < trains; i++) {
            card(day(ym), cents(1_990, 12_990), "DEBIT", "DB Vertrieb GmbH", "Fahrkarte Deutsche Bahn");
        }
        for (int i = 0; i < fuel; i++) {
            card(day(ym), cents(4_500, 8_500), "DEBIT", "Shell Station Koeln-Deutz", "Tankstelle");
        }
        if (ym.equals(YearMonth.of(2025, 11))) {
            card(ym.atDay(28), -34_900, "DEBIT", "AMAZON.DE", "Fernseher Black Friday");
        }
        if (ym.equals(YearMonth.of(2026, 4))) {
            card(ym.atDay(9), 2_999, "CREDIT", "AMZN Mktp DE", "Erstattung Ruecksendung");
        }
        if (ym.equals(YearMonth.of(2026, 6))) {
            card(ym.atDay(5), -24_980, "DEBIT", "DB Fernverkehr AG", "Sommerreise Koeln-Muenchen");
        }
    }

    private void card(LocalDate date, long cents, String type, String name, String memo) {
        fitSeq++;
        String fitid = Fmt.compact(date) + String.valueOf(100_000 + fitSeq).substring(1);
        card.add(new Card(date, cents, type, name, memo, fitid));
    }

    private LocalDate day(YearMonth ym) {
        return ym.atDay(1 + rnd.nextInt(ym.lengthOfMonth()));
    }

    /** A negative amount between the bounds, in cents. */
    private long cents(long min, long max) {
        return -(min + (long) rnd.nextInt((int) (max - min + 1)));
    }

    private static LocalDate workdayOnOrAfter(LocalDate d) {
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) d = d.plusDays(1);
        return d;
    }

    private static LocalDate lastWorkday(YearMonth ym) {
        LocalDate d = ym.atEndOfMonth();
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) d = d.minusDays(1);
        return d;
    }

    // ------------------------------------------------------------------ main-checking: hausbank-giro CSV

    private void writeCheckingExports(Path landing) {
        LocalDate[][] periods = {
                {LocalDate.of(2024, 11, 1), LocalDate.of(2025, 5, 31)},
                {LocalDate.of(2025, 5, 1), LocalDate.of(2025, 11, 30)},
                {LocalDate.of(2025, 11, 1), LocalDate.of(2026, 5, 31)},
                {LocalDate.of(2026, 5, 1), LocalDate.of(2026, 10, 31)}};
        for (int p = 0; p < periods.length; p++) {
            LocalDate from = periods[p][0], to = periods[p][1];
            String name = "transactions/hausbank-umsaetze-" + Fmt.compact(from) + "-" + Fmt.compact(to) + ".csv";
            List<Entry> rows = new ArrayList<>();
            for (Giro g : giro) {
                if (g.date.isBefore(from) || g.date.isAfter(to)) continue;
                rows.add(new Entry(g.date, Fmt.dotted(g.date) + ";" + Fmt.dotted(g.valuta) + ";" + g.text + ";"
                        + (g.cents < 0 ? Fmt.german(g.cents) : "") + ";" + (g.cents >= 0 ? Fmt.german(g.cents) : "")
                        + ";EUR", null));
            }
            if (p == 0) {
                LocalDate d = LocalDate.of(2025, 2, 14);
                rows.add(new Entry(d, Fmt.dotted(d) + ";" + Fmt.dotted(d) + ";Storno Lastschrift Zalando;59,95;59,95;EUR",
                        "BOTH_DEBIT_AND_CREDIT"));
            }
            if (p == 2) {
                LocalDate d = LocalDate.of(2026, 1, 21);
                rows.add(new Entry(d, Fmt.dotted(d) + ";" + Fmt.dotted(d)
                        + ";Nebenkostenerstattung Hausverwaltung Müller;;1,234.56;EUR", "DECIMAL_SEPARATOR_MISMATCH"));
            }
            rows.sort(Comparator.comparing(Entry::date));
            long closing = CHECKING_OPENING;
            for (Giro g : giro) if (!g.date.isAfter(to)) closing += g.cents;

            StringBuilder sb = new StringBuilder(64 * 1024);
            String nl = "\r\n";
            sb.append("Umsatzanzeige;Girokonto").append(nl)
                    .append("Kontonummer: 5407324931;BLZ: 500 105 17").append(nl)
                    .append("IBAN: DE44 5001 0517 5407 3249 31;Kontoinhaber: Sample household").append(nl)
                    .append("Zeitraum: ").append(Fmt.dotted(from)).append(" - ").append(Fmt.dotted(to)).append(nl)
                    .append(nl)
                    .append("Buchungstag;Valuta;Verwendungszweck;Soll;Haben;Währung").append(nl);
            appendRows(sb, name, rows, nl);
            sb.append("Kontostand am ").append(Fmt.dotted(to)).append(";;;")
                    .append(closing < 0 ? Fmt.german(closing) : "").append(';')
                    .append(closing >= 0 ? Fmt.german(closing) : "").append(";EUR").append(nl);
            emit(landing, name, sb.toString().getBytes(WINDOWS_1252));
        }
    }

    private void appendRows(StringBuilder sb, String file, List<Entry> rows, String nl) {
        for (Entry e : rows) {
            sb.append(e.line).append(nl);
            if (e.kind != null) bad.add(new BadRow(file, e.kind, e.line));
        }
        transactionRows += file.startsWith("transactions/") ? rows.size() : 0;
    }

    // ------------------------------------------------------------------ credit-card: OFX

    private void writeCardExports(Path landing) {
        for (YearMonth q = YearMonth.of(2024, 10); q.isBefore(LAST_MONTH.plusMonths(1)); q = q.plusMonths(3)) {
            LocalDate from = max(q.atDay(1), FIRST_DAY);
            LocalDate to = min(q.plusMonths(2).atEndOfMonth(), LAST_DAY);
            String name = "transactions/cardco-" + q.getYear() + "Q" + ((q.getMonthValue() - 1) / 3 + 1) + ".qfx";
            List<Entry> blocks = new ArrayList<>();
            for (Card c : card) {
                if (!c.date.isBefore(from) && !c.date.isAfter(to)) {
                    blocks.add(new Entry(c.date, sgmlTransaction(c, Fmt.compact(c.date)), null));
                }
            }
            if (q.equals(YearMonth.of(2025, 10))) {
                Card broken = new Card(LocalDate.of(2025, 11, 30), -4_250, "DEBIT", "Restaurant Da Mario", "Koeln",
                        "20251131" + "99999");
                blocks.add(new Entry(broken.date, sgmlTransaction(broken, "20251131"), "IMPOSSIBLE_DATE"));
            }
            blocks.sort(Comparator.comparing(Entry::date));
            StringBuilder sb = new StringBuilder(32 * 1024);
            String nl = "\r\n";
            sb.append("OFXHEADER:100").append(nl).append("DATA:OFXSGML").append(nl).append("VERSION:102").append(nl)
                    .append("SECURITY:NONE").append(nl).append("ENCODING:USASCII").append(nl)
                    .append("CHARSET:1252").append(nl).append("COMPRESSION:NONE").append(nl)
                    .append("OLDFILEUID:NONE").append(nl).append("NEWFILEUID:NONE").append(nl).append(nl);
            sb.append("<OFX>").append(nl)
                    .append("<SIGNONMSGSRSV1>").append(nl).append("<SONRS>").append(nl)
                    .append("<STATUS>").append(nl).append("<CODE>0").append(nl).append("<SEVERITY>INFO").append(nl)
                    .append("</STATUS>").append(nl)
                    .append("<DTSERVER>").append(Fmt.compact(to.plusDays(1))).append("080000").append(nl)
                    .append("<LANGUAGE>ENG").append(nl).append("</SONRS>").append(nl).append("</SIGNONMSGSRSV1>").append(nl)
                    .append("<CREDITCARDMSGSRSV1>").append(nl).append("<CCSTMTTRNRS>").append(nl)
                    .append("<TRNUID>1").append(nl)
                    .append("<STATUS>").append(nl).append("<CODE>0").append(nl).append("<SEVERITY>INFO").append(nl)
                    .append("</STATUS>").append(nl)
                    .append("<CCSTMTRS>").append(nl).append("<CURDEF>EUR").append(nl)
                    .append("<CCACCTFROM>").append(nl).append("<ACCTID>").append(CARD_NUMBER).append(nl)
                    .append("</CCACCTFROM>").append(nl)
                    .append("<BANKTRANLIST>").append(nl)
                    .append("<DTSTART>").append(Fmt.compact(from)).append(nl)
                    .append("<DTEND>").append(Fmt.compact(to)).append(nl);
            for (Entry e : blocks) {
                sb.append(e.line.replace("\n", nl));
                if (e.kind != null) bad.add(new BadRow(name, e.kind, e.line.strip()));
            }
            transactionRows += blocks.size();
            sb.append("</BANKTRANLIST>").append(nl)
                    .append("<LEDGERBAL>").append(nl).append("<BALAMT>").append(Fmt.point(cardBalance(to))).append(nl)
                    .append("<DTASOF>").append(Fmt.compact(to)).append(nl).append("</LEDGERBAL>").append(nl)
                    .append("</CCSTMTRS>").append(nl).append("</CCSTMTTRNRS>").append(nl)
                    .append("</CREDITCARDMSGSRSV1>").append(nl).append("</OFX>").append(nl);
            emit(landing, name, sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        writeCardXml(landing, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 6, 30));
    }

    private static String sgmlTransaction(Card c, String posted) {
        return "<STMTTRN>\n<TRNTYPE>" + c.type + "\n<DTPOSTED>" + posted + "\n<TRNAMT>" + Fmt.point(c.cents)
                + "\n<FITID>" + c.fitid + "\n<NAME>" + c.name + "\n<MEMO>" + c.memo + "\n</STMTTRN>\n";
    }

    /** The same card statement lines as an OFX 2.x XML export (same FITIDs as the SGML files). */
    private void writeCardXml(Path landing, LocalDate from, LocalDate to) {
        String name = "transactions/cardco-" + Fmt.compact(from) + "-" + Fmt.compact(to) + ".ofx";
        StringBuilder sb = new StringBuilder(32 * 1024);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
                .append("<?OFX OFXHEADER=\"200\" VERSION=\"211\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n")
                .append("<OFX>\n")
                .append("  <SIGNONMSGSRSV1>\n    <SONRS>\n")
                .append("      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n")
                .append("      <DTSERVER>").append(Fmt.compact(to.plusDays(1))).append("080000</DTSERVER>\n")
                .append("      <LANGUAGE>ENG</LANGUAGE>\n    </SONRS>\n  </SIGNONMSGSRSV1>\n")
                .append("  <CREDITCARDMSGSRSV1>\n    <CCSTMTTRNRS>\n      <TRNUID>1</TRNUID>\n")
                .append("      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n")
                .append("      <CCSTMTRS>\n        <CURDEF>EUR</CURDEF>\n")
                .append("        <CCACCTFROM><ACCTID>").append(CARD_NUMBER).append("</ACCTID></CCACCTFROM>\n")
                .append("        <BANKTRANLIST>\n")
                .append("          <DTSTART>").append(Fmt.compact(from)).append("</DTSTART>\n")
                .append("          <DTEND>").append(Fmt.compact(to)).append("</DTEND>\n");
        int n = 0;
        for (Card c : card) {
            if (c.date.isBefore(from) || c.date.isAfter(to)) continue;
            n++;
            sb.append("          <STMTTRN>\n")
                    .append("            <TRNTYPE>").append(c.type).append("</TRNTYPE>\n")
                    .append("            <DTPOSTED>").append(Fmt.compact(c.date)).append("</DTPOSTED>\n")
                    .append("            <TRNAMT>").append(Fmt.point(c.cents)).append("</TRNAMT>\n")
                    .append("            <FITID>").append(c.fitid).append("</FITID>\n")
                    .append("            <NAME>").append(c.name).append("</NAME>\n")
                    .append("            <MEMO>").append(c.memo).append("</MEMO>\n")
                    .append("          </STMTTRN>\n");
        }
        transactionRows += n;
        sb.append("        </BANKTRANLIST>\n")
                .append("        <LEDGERBAL><BALAMT>").append(Fmt.point(cardBalance(to)))
                .append("</BALAMT><DTASOF>").append(Fmt.compact(to)).append("</DTASOF></LEDGERBAL>\n")
                .append("      </CCSTMTRS>\n    </CCSTMTTRNRS>\n  </CREDITCARDMSGSRSV1>\n</OFX>\n");
        emit(landing, name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private long cardBalance(LocalDate asOf) {
        long b = CARD_OPENING;
        for (Card c : card) if (!c.date.isAfter(asOf)) b += c.cents;
        return b;
    }

    // ------------------------------------------------------------------ savings: plain CSV, layout inferred

    private void writeSavingsExport(Path landing) {
        String name = "transactions/savings/sparwerk-tagesgeld-umsaetze.csv";
        List<Entry> rows = new ArrayList<>();
        for (Save s : save) {
            rows.add(new Entry(s.date, s.date + "," + Fmt.csv(s.text) + "," + Fmt.point(s.cents) + ",EUR", null));
        }
        rows.add(new Entry(LocalDate.of(2025, 2, 28), "2025-02-30,Übertrag von Girokonto,300.00,EUR", "IMPOSSIBLE_DATE"));
        rows.add(new Entry(LocalDate.of(2025, 6, 12),
                "2025-06-12," + Fmt.csv("=HYPERLINK(\"http://evil.example\",\"click\")") + ",0.01,EUR",
                "FORMULA_PAYLOAD"));
        rows.add(new Entry(LocalDate.of(2025, 10, 15), "2025-10-15,Gutschrift Prämie Neukundenaktion,25.00",
                "WRONG_COLUMN_COUNT"));
        rows.sort(Comparator.comparing(Entry::date));
        StringBuilder sb = new StringBuilder(8 * 1024).append("Date,Description,Amount,Currency\n");
        appendRows(sb, name, rows, "\n");
        emit(landing, name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ wise-usd: plain CSV in dollars

    private void writeWiseExport(Path landing) {
        String name = "transactions/" + WISE + "/statement_8310004417_USD_" + FIRST_DAY + "_" + LAST_DAY + ".csv";
        List<Entry> rows = new ArrayList<>();
        for (Wise w : wise) rows.add(new Entry(w.date, w.date + "," + Fmt.csv(w.text) + "," + Fmt.point(w.cents) + ",USD", null));
        StringBuilder sb = new StringBuilder(8 * 1024).append("Date,Description,Amount,Currency\n");
        appendRows(sb, name, rows, "\n");
        emit(landing, name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ balances and budgets

    private void writeBalances(Path landing) {
        String name = "balances/balances.csv";
        StringBuilder sb = new StringBuilder(4 * 1024).append("date,account,balance,currency\n");
        long checking = CHECKING_OPENING, savings = SAVINGS_OPENING, cardBalance = CARD_OPENING, dollars = WISE_OPENING;
        int gi = 0, ci = 0, si = 0, wi = 0;
        for (YearMonth ym = FIRST_MONTH; !ym.isAfter(LAST_MONTH); ym = ym.plusMonths(1)) {
            LocalDate end = ym.atEndOfMonth();
            for (; gi < giro.size() && !giro.get(gi).date.isAfter(end); gi++) checking += giro.get(gi).cents;
            for (; ci < card.size() && !card.get(ci).date.isAfter(end); ci++) cardBalance += card.get(ci).cents;
            for (; si < save.size() && !save.get(si).date.isAfter(end); si++) savings += save.get(si).cents;
            for (; wi < wise.size() && !wise.get(wi).date.isAfter(end); wi++) dollars += wise.get(wi).cents;
            sb.append(end).append(',').append(CHECKING).append(',').append(Fmt.point(checking)).append(",EUR\n");
            sb.append(end).append(',').append(CARD).append(',').append(Fmt.point(cardBalance)).append(",EUR\n");
            sb.append(end).append(',').append(SAVINGS).append(',').append(Fmt.point(savings)).append(",EUR\n");
            sb.append(end).append(',').append(WISE).append(',').append(Fmt.point(dollars)).append(",USD\n");
            if (ym.equals(YearMonth.of(2025, 6))) {
                String line = "2025-06-31," + SAVINGS + ",15234.10,EUR"; // June has 30 days
                sb.append(line).append('\n');
                bad.add(new BadRow(name, "IMPOSSIBLE_DATE", line));
            }
        }
        emit(landing, name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeBudgets(Path landing) {
        String name = "budgets/budgets.csv";
        String[] categories = {"groceries", "dining", "shopping", "transport", "subscriptions", "utilities", "housing"};
        long[] y2025 = {55_000, 15_000, 20_000, 12_000, 5_500, 17_000, 129_000};
        long[] y2026 = {60_000, 15_000, 20_000, 15_000, 6_000, 18_000, 132_000};
        StringBuilder sb = new StringBuilder(8 * 1024).append("month,category,amount,currency\n");
        for (YearMonth ym = FIRST_MONTH; !ym.isAfter(LAST_MONTH); ym = ym.plusMonths(1)) {
            long[] amounts = ym.getYear() >= 2026 ? y2026 : y2025;
            for (int i = 0; i < categories.length; i++) {
                sb.append(ym).append(',').append(categories[i]).append(',').append(Fmt.point(amounts[i])).append(",EUR\n");
            }
            if (ym.equals(YearMonth.of(2025, 7))) {
                String line = ym + ",vacation,800.00,EUR";
                sb.append(line).append('\n');
                bad.add(new BadRow(name, "UNKNOWN_CATEGORY", line));
            }
        }
        emit(landing, name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void emit(Path landing, String relative, byte[] bytes) {
        Fmt.write(landing.resolve(relative), bytes);
        files.add(relative);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
