package dev.sparkflow.jobs.parse;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/** Infers value formats from whole columns: the date style, the decimal mark, and whether charges are positive. */
public final class Inference {
    private static final Pattern COMMA_DECIMAL = Pattern.compile("^[-+(]?\\d{1,3}([.' ]\\d{3})*,\\d{1,2}\\)?-?$|^[-+(]?\\d+,\\d{1,2}\\)?-?$");
    private static final Pattern POINT_DECIMAL = Pattern.compile("^[-+(]?\\d{1,3}([,' ]\\d{3})*\\.\\d{1,2}\\)?-?$|^[-+(]?\\d+\\.\\d{1,2}\\)?-?$");
    private static final Pattern MARKS = Pattern.compile("[^0-9.,()'+\\- -]");
    /** Words of a card's own payment or refund: the rows that go the other way on a card statement. */
    private static final Pattern CARD_CREDIT = Pattern.compile(
            "payment|thank you|autopay|refund|return|credit|gutschrift|zahlung|einzahlung|betaling|terugbetaling"
                    + "|paiement|remboursement|pago|abono|pagamento|rimborso|storno|返品|返金|取消|キャンセル|退款",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern CARD = Pattern.compile(
            "\\bcard\\b|credit ?card|kreditkarte|\\bkarte\\b|creditcard|\\bkaart|\\bcarte\\b|tarjeta|\\bcarta\\b|\\bvisa\\b"
                    + "|mastercard|\\bamex\\b|american express|discover|apple card|card member|cardmember|\\bsale\\b|purchase"
                    + "|カード|支払方法|信用卡",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private Inference() {
    }

    /** The chosen date style, or why none could be chosen. */
    public record DateChoice(DateReader format, boolean ambiguous, String detail) {
    }

    /**
     * The order (year-month-day, day-month-year, month-day-year) that reads the most of the column. When day-first
     * and month-first read it equally, the column still decides if it can: dates separated by dots are day-first,
     * dates after the ingest date rule an order out, and a statement lists its dates in order, so the order that
     * keeps the column sorted wins; then a header in another language than English means day-first, and a currency
     * the file states means its country's order. Otherwise the choice is ambiguous, and the file says so.
     */
    public static DateChoice dateStyle(List<String> values, LocalDate ingestDate, Boolean dayFirstHint) {
        if (values.isEmpty()) return new DateChoice(null, false, "the date column is empty");
        int[] counts = new int[3];
        DateStyle[] styles = {new DateStyle(DateStyle.Order.YMD), new DateStyle(DateStyle.Order.DMY),
                new DateStyle(DateStyle.Order.MDY)};
        for (String v : values) {
            for (int i = 0; i < 3; i++) {
                if (styles[i].parse(v).ok()) counts[i]++;
            }
        }
        List<String> head = values.size() > 2000 ? values.subList(0, 2000) : values;
        if (head.stream().allMatch(DateStyle::hasMonthName)) return new DateChoice(styles[1], false, null);
        int best = 0;
        for (int i = 1; i < 3; i++) if (counts[i] > counts[best]) best = i;
        if (counts[best] == 0) return new DateChoice(null, false, "no date style reads the date column");
        if (best == 0 || counts[1] != counts[2]) return new DateChoice(styles[best], false, null);
        // day-first and month-first read every value alike
        List<String> sample = values.size() > 2000 ? values.subList(0, 2000) : values;
        if (sample.stream().allMatch(DateStyle::hasMonthName)) return new DateChoice(styles[1], false, null);
        long dots = sample.stream().filter(v -> DateStyle.separator(v) == '.').count();
        if (dots * 2 > sample.size()) return new DateChoice(styles[1], false, null);
        int futureDmy = future(styles[1], sample, ingestDate), futureMdy = future(styles[2], sample, ingestDate);
        if (futureDmy != futureMdy) return new DateChoice(futureDmy < futureMdy ? styles[1] : styles[2], false, null);
        int unsortedDmy = unsorted(styles[1], sample), unsortedMdy = unsorted(styles[2], sample);
        if (unsortedDmy != unsortedMdy) {
            return new DateChoice(unsortedDmy < unsortedMdy ? styles[1] : styles[2], false, null);
        }
        if (dayFirstHint != null) return new DateChoice(dayFirstHint ? styles[1] : styles[2], false, null);
        return new DateChoice(null, true, "every date (e.g. '" + sample.get(0)
                + "') reads both day-first and month-first, in order either way");
    }

    private static int future(DateStyle style, List<String> values, LocalDate ingestDate) {
        int n = 0;
        for (String v : values) {
            DateFormat.Result r = style.parse(v);
            if (r.ok() && r.value().isAfter(ingestDate)) n++;
        }
        return n;
    }

    /** Steps against the column's main direction: 0 for a sorted statement. */
    private static int unsorted(DateStyle style, List<String> values) {
        List<LocalDate> dates = new ArrayList<>();
        for (String v : values) {
            DateFormat.Result r = style.parse(v);
            if (r.ok()) dates.add(r.value());
        }
        int up = 0, down = 0;
        for (int i = 1; i < dates.size(); i++) {
            int c = dates.get(i).compareTo(dates.get(i - 1));
            if (c > 0) up++;
            else if (c < 0) down++;
        }
        return Math.min(up, down);
    }

    /** Decimal mark by majority of unambiguous values; inferred layouts accept every negative form. */
    public static NumberStyle numberStyle(List<String> values) {
        int comma = 0, point = 0;
        for (String raw : values) {
            String v = MARKS.matcher(raw.replace('\u00A0', ' ').replace('\u2019', '\'')).replaceAll("").replace(" ", "").trim();
            if (v.endsWith("-")) v = v.substring(0, v.length() - 1);
            if (v.startsWith("-") || v.startsWith("+")) v = v.substring(1);
            if (COMMA_DECIMAL.matcher(v).matches()) comma++;
            else if (POINT_DECIMAL.matcher(v).matches()) point++;
        }
        NumberStyle base = comma > point ? NumberStyle.COMMA : NumberStyle.POINT;
        return base.withNegatives(EnumSet.allOf(NumberStyle.Negative.class));
    }

    /**
     * Whether a single signed amount column lists a card's charges as positive numbers: most amounts are positive,
     * and either the file speaks of a card, or its few negative rows are the card's payments and refunds.
     */
    public static boolean chargesPositive(List<BigDecimal> amounts, List<String> negativeRowTexts, String fileText) {
        long positive = amounts.stream().filter(a -> a.signum() > 0).count();
        long negative = amounts.stream().filter(a -> a.signum() < 0).count();
        if (positive < 2 || positive <= negative * 2) return false;
        if (CARD.matcher(fileText).find()) return true;
        if (negative == 0) return false;
        long credits = negativeRowTexts.stream().filter(t -> CARD_CREDIT.matcher(t).find()).count();
        return credits * 2 >= negativeRowTexts.size();
    }
}
