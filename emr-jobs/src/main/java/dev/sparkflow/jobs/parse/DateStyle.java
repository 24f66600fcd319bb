package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A date style inferred from a whole column: the order of day, month and year ({@code 13.06.2025},
 * {@code 06/13/2025}, {@code 2025.12.04}, {@code 20250613}), with or without leading zeros, two- or four-digit
 * years, month names in EN/DE/NL/FR/ES/IT/PT/Nordic, and a trailing time, offset or zone ignored.
 */
public final class DateStyle implements DateReader {
    /** The order of the numeric parts; a month written as a name is found wherever it stands. */
    public enum Order { YMD, DMY, MDY }

    private static final Pattern TIME = Pattern.compile(
            "(?i)(?:[T\\s]+|,\\s*)\\d{1,2}[:.]\\d{2}(?:[:.]\\d{2}(?:[.,]\\d+)?)?\\s*(?:[ap]\\.?m\\.?)?"
                    + "\\s*(?:z|utc|gmt|[+-]\\d{2}:?\\d{2}|[a-z]{3,4}|\\([^)]*\\))?\\s*$");
    private static final Pattern OFFSET_ONLY = Pattern.compile("(?i)(?:z|[+-]\\d{2}:\\d{2})$");
    private static final Map<String, Integer> MONTHS = months();

    private final Order order;

    public DateStyle(Order order) {
        this.order = order;
    }

    public Order order() {
        return order;
    }

    @Override
    public String pattern() {
        return switch (order) {
            case YMD -> "year-month-day";
            case DMY -> "day-month-year";
            case MDY -> "month-day-year";
        };
    }

    /** Whether the cell writes its month as a name (then the order of numbers does not matter). */
    public static boolean hasMonthName(String cell) {
        for (String token : tokens(strip(cell))) {
            if (Character.isLetter(token.charAt(0)) && MONTHS.containsKey(token.toLowerCase(Locale.ROOT))) return true;
        }
        return false;
    }

    /** The separator between the first two numbers ('.', '/', '-', ...), or 0. */
    public static char separator(String cell) {
        String s = strip(cell);
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c) && Character.isDigit(s.charAt(i - 1))) return c;
        }
        return 0;
    }

    /** Exports repeat the same few hundred dates; each is read once per file (one layout per file and thread). */
    private transient Map<String, DateFormat.Result> recent;

    @Override
    public DateFormat.Result parse(String cell) {
        if (recent == null) recent = new java.util.HashMap<>();
        DateFormat.Result known = recent.get(cell);
        if (known != null) return known;
        DateFormat.Result r = read(cell);
        if (recent.size() > 4096) recent.clear();
        recent.put(cell, r);
        return r;
    }

    private DateFormat.Result read(String cell) {
        String s = strip(cell);
        if (s.isEmpty()) return new DateFormat.Result(null, ReasonCode.MISSING_DATE);
        List<String> tokens = tokens(s);
        Integer day = null, month = null, year = null;
        List<String> numbers = new ArrayList<>(3);
        int monthAt = -1;
        for (String t : tokens) {
            if (Character.isDigit(t.charAt(0))) {
                numbers.add(t);
            } else {
                Integer m = MONTHS.get(t.toLowerCase(Locale.ROOT));
                if (m != null && month == null) {
                    month = m;
                    monthAt = numbers.size();
                } else if (m == null && !WEEKDAYS.matcher(t).matches()) {
                    return invalid();
                }
            }
        }
        if (month != null) {
            if (numbers.size() != 2) return invalid();
            String a = numbers.get(0), b = numbers.get(1);
            if (a.length() == 4 && monthAt <= 1 && monthAt >= 1) { // 2025 Jun 13
                year = Integer.parseInt(a);
                day = Integer.parseInt(b);
            } else if (b.length() == 4 || b.length() == 2) {    // 13 Jun 2025, Jun 13 2025, 13-Jun-25
                day = Integer.parseInt(a);
                year = year(b);
            } else {
                return invalid();
            }
            if (a.length() > 2 && a.length() != 4) return invalid();
        } else if (numbers.size() == 1 && numbers.get(0).length() == 8) {
            String n = numbers.get(0);
            String[] parts = switch (order) {
                case YMD -> new String[]{n.substring(0, 4), n.substring(4, 6), n.substring(6)};
                case DMY -> new String[]{n.substring(4), n.substring(2, 4), n.substring(0, 2)};
                case MDY -> new String[]{n.substring(4), n.substring(0, 2), n.substring(2, 4)};
            };
            year = Integer.parseInt(parts[0]);
            month = Integer.parseInt(parts[1]);
            day = Integer.parseInt(parts[2]);
        } else if (numbers.size() == 3) {
            String a = numbers.get(0), b = numbers.get(1), c = numbers.get(2);
            if (order == Order.YMD) {
                if (a.length() != 4 || b.length() > 2 || c.length() > 2) return invalid();
                year = Integer.parseInt(a);
                month = Integer.parseInt(b);
                day = Integer.parseInt(c);
            } else {
                if (a.length() > 2 || b.length() > 2 || (c.length() != 4 && c.length() != 2)) return invalid();
                year = year(c);
                day = Integer.parseInt(order == Order.DMY ? a : b);
                month = Integer.parseInt(order == Order.DMY ? b : a);
            }
        } else {
            return invalid();
        }
        try {
            return new DateFormat.Result(LocalDate.of(year, month, day), null);
        } catch (DateTimeException e) {
            return new DateFormat.Result(null, ReasonCode.IMPOSSIBLE_DATE);
        }
    }

    private static final Pattern WEEKDAYS = Pattern.compile("(?i)(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day)?"
            + "|mo|di|mi|do|fr|sa|so|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
            + "|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|年|月|日");

    private static DateFormat.Result invalid() {
        return new DateFormat.Result(null, ReasonCode.INVALID_DATE);
    }

    /** Two-digit years are this century unless that would be more than a year ahead. */
    private static int year(String digits) {
        int y = Integer.parseInt(digits);
        if (digits.length() == 4) return y;
        int century = LocalDate.now().getYear() / 100 * 100;
        return century + y > LocalDate.now().getYear() + 1 ? century - 100 + y : century + y;
    }

    /** The cell without quotes, a trailing time/zone/offset, or an " as of ..." second date. */
    static String strip(String cell) {
        String s = cell.indexOf('\u00A0') >= 0 ? cell.replace('\u00A0', ' ').strip() : cell.strip();
        if (s.length() <= 11 && s.indexOf(':') < 0 && s.indexOf('+') < 0 && s.indexOf('Z') < 0) return s; // a plain date
        int asOf = s.toLowerCase(Locale.ROOT).indexOf(" as of ");
        if (asOf > 0) s = s.substring(0, asOf).strip();
        s = OFFSET_ONLY.matcher(s).replaceFirst("");
        String cut = TIME.matcher(s).replaceFirst("");
        return cut.isEmpty() ? s : cut.strip();
    }

    /** The date after " as of " in cells like {@code 04/17/2025 as of 04/15/2025}, or null. */
    static String asOf(String cell) {
        int at = cell.toLowerCase(Locale.ROOT).indexOf(" as of ");
        return at > 0 ? cell.substring(at + 7).strip() : null;
    }

    /** Runs of digits and runs of letters; everything else separates. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>(4);
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int j = i;
            if (Character.isDigit(c)) {
                while (j < n && Character.isDigit(s.charAt(j))) j++;
            } else if (Character.isLetter(c)) {
                while (j < n && Character.isLetter(s.charAt(j))) j++;
            } else {
                i++;
                continue;
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    private static Map<String, Integer> months() {
        String[][] names = {
                {"jan", "january", "januar", "jänner", "janner", "januari", "janv", "janvier", "ene", "enero", "gen", "gennaio", "janeiro", "tammi", "tammikuu", "janvier"},
                {"feb", "february", "februar", "februari", "fév", "fev", "févr", "fevr", "février", "fevrier", "febrero", "febbraio", "fevereiro", "helmi", "helmikuu"},
                {"mar", "march", "märz", "marz", "maerz", "mär", "maart", "mrt", "mars", "marzo", "março", "marco", "maalis", "maaliskuu"},
                {"apr", "april", "avr", "avril", "abr", "abril", "aprile", "huhti", "huhtikuu"},
                {"may", "mai", "mei", "mayo", "mag", "maggio", "maio", "maj", "touko", "toukokuu"},
                {"jun", "june", "juni", "juin", "junio", "giu", "giugno", "junho", "kesä", "kesäkuu"},
                {"jul", "july", "juli", "juil", "juillet", "julio", "lug", "luglio", "julho", "heinä", "heinäkuu"},
                {"aug", "august", "augustus", "aoû", "aou", "août", "aout", "ago", "agosto", "elo", "elokuu"},
                {"sep", "sept", "september", "septembre", "sep", "septiembre", "set", "settembre", "setembro", "syys", "syyskuu"},
                {"oct", "october", "okt", "oktober", "octobre", "octubre", "ott", "ottobre", "out", "outubro", "loka", "lokakuu"},
                {"nov", "november", "novembre", "noviembre", "novembro", "marras", "marraskuu"},
                {"dec", "december", "dez", "dezember", "déc", "decembre", "décembre", "dic", "diciembre", "dicembre", "dezembro", "des", "desember", "joulu", "joulukuu"}};
        Map<String, Integer> m = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) {
            for (String name : names[i]) m.putIfAbsent(name, i + 1);
        }
        return Map.copyOf(m);
    }

    @Override
    public String toString() {
        return pattern();
    }
}
