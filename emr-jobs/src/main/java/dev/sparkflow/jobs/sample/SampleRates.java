package dev.sparkflow.jobs.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sample household's euro reference rates, in the ECB's own layouts: a history file {@code eurofxref-hist.csv}
 * downloaded on {@link #HIST_LAST_DAY}'s evening, and the rest of October from the ECB Data Portal (SDMX CSV, US dollar
 * only). The week between ({@link #GAP_FIRST_DAY} .. {@link #GAP_LAST_DAY}) is in neither: a rate gap the marts
 * show. Invented values on a path like the dollar's of those years; one rate per TARGET working day.
 */
final class SampleRates {
    static final LocalDate HIST_LAST_DAY = LocalDate.of(2026, 10, 9);
    static final LocalDate GAP_FIRST_DAY = LocalDate.of(2026, 10, 12), GAP_LAST_DAY = LocalDate.of(2026, 10, 16);
    static final String HIST_FILE = "fx_rates/eurofxref-hist.csv";
    static final String PORTAL_FILE = "fx_rates/ECB Data Portal_20261101093512.csv";

    /** Days the ECB publishes no rates besides weekends (TARGET closing days of the sample's years). */
    private static final Set<LocalDate> CLOSED = Set.of(LocalDate.of(2024, 12, 25), LocalDate.of(2024, 12, 26),
            LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 18), LocalDate.of(2025, 4, 21), LocalDate.of(2025, 5, 1),
            LocalDate.of(2025, 12, 25), LocalDate.of(2025, 12, 26), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 3),
            LocalDate.of(2026, 4, 6), LocalDate.of(2026, 5, 1));
    /** US dollars per euro around the middle of each month, November 2024 first. */
    private static final double[] USD_BY_MONTH = {1.063, 1.047, 1.035, 1.041, 1.081, 1.122, 1.128, 1.152, 1.168, 1.164,
            1.172, 1.161, 1.156, 1.168, 1.174, 1.181, 1.169, 1.158, 1.149, 1.162, 1.171, 1.176, 1.183, 1.179};
    /** Bulgaria adopted the euro on 2026-01-01: its lev has N/A from then on, as in the ECB's own file. */
    private static final LocalDate BGN_LAST_DAY = LocalDate.of(2025, 12, 31);

    /** One day's rates: units per euro. */
    record Day(BigDecimal usd, BigDecimal jpy, BigDecimal gbp, BigDecimal chf) {
    }

    private final NavigableMap<LocalDate, Day> days = new TreeMap<>();

    SampleRates(Random rnd, LocalDate first, LocalDate last) {
        double jpy = 161.5, gbp = 0.8320, chf = 0.9360;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY || CLOSED.contains(d)) continue;
            int month = (int) (YearMonth.from(d).getMonthValue() + 12L * YearMonth.from(d).getYear()
                    - (YearMonth.from(first).getMonthValue() + 12L * YearMonth.from(first).getYear()));
            double next = USD_BY_MONTH[Math.min(month + 1, USD_BY_MONTH.length - 1)];
            double share = (d.getDayOfMonth() - 1) / (double) d.lengthOfMonth();
            double usd = USD_BY_MONTH[month] + (next - USD_BY_MONTH[month]) * share + rnd.nextGaussian() * 0.0025;
            jpy += rnd.nextGaussian() * 0.45;
            gbp += rnd.nextGaussian() * 0.0012;
            chf += rnd.nextGaussian() * 0.0010;
            days.put(d, new Day(scale(usd, 4), scale(jpy, 2), scale(gbp, 5), scale(chf, 4)));
        }
    }

    private static BigDecimal scale(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
    }

    /** The dollar rate a bank would take on {@code day}: that day's, else the latest before it. */
    BigDecimal usdOn(LocalDate day) {
        return days.floorEntry(day).getValue().usd();
    }

    /** Both files: name (relative to landing/) to text. */
    Map<String, String> files() {
        StringBuilder hist = new StringBuilder(days.size() * 48).append("Date,USD,JPY,BGN,GBP,CHF,\n");
        for (Map.Entry<LocalDate, Day> e : days.headMap(HIST_LAST_DAY, true).descendingMap().entrySet()) {
            Day r = e.getValue();
            hist.append(e.getKey()).append(',').append(r.usd().toPlainString()).append(',').append(r.jpy().toPlainString())
                    .append(',').append(e.getKey().isAfter(BGN_LAST_DAY) ? "N/A" : "1.9558").append(',')
                    .append(r.gbp().toPlainString()).append(',').append(r.chf().toPlainString()).append(",\n");
        }
        StringBuilder portal = new StringBuilder(4096).append(
                "KEY,FREQ,CURRENCY,CURRENCY_DENOM,EXR_TYPE,EXR_SUFFIX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,OBS_CONF,"
                        + "OBS_PRE_BREAK,OBS_COM,TIME_FORMAT,COLLECTION,DECIMALS,SOURCE_AGENCY,TITLE,TITLE_COMPL,UNIT,UNIT_MULT\n");
        for (Map.Entry<LocalDate, Day> e : days.tailMap(GAP_LAST_DAY, false).entrySet()) {
            portal.append("EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,").append(e.getKey()).append(',')
                    .append(e.getValue().usd().toPlainString()).append(",A,F,,,P1D,A,4,4F0,US dollar/Euro,")
                    .append("\"ECB reference exchange rate, US dollar/Euro, 2:15 pm (C.E.T.)\",USD,0\n");
        }
        return Map.of(HIST_FILE, hist.toString(), PORTAL_FILE, portal.toString());
    }

    /** The files in the order they are written. */
    static List<String> names() {
        return List.of(HIST_FILE, PORTAL_FILE);
    }
}
