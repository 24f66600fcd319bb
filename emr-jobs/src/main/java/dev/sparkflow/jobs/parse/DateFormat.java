package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A date pattern a source profile names (java.time, e.g. {@code dd.MM.yyyy}; OFX's yyyyMMdd) parsed strictly,
 * telling an impossible date (31.02.2024: right shape, no such day) from text that is not a date in this format at all.
 */
public final class DateFormat implements DateReader {
    private final String pattern;
    private transient DateTimeFormatter formatter;
    private transient Pattern shape;
    private transient Map<String, LocalDate> recent;

    public DateFormat(String pattern) {
        this.pattern = pattern;
        init();
    }

    public String pattern() {
        return pattern;
    }

    /** Whether this format reads the day before the month (dd/MM) rather than after (MM/dd). */
    public boolean dayFirst() {
        return pattern.indexOf('d') < pattern.indexOf('M');
    }

    /** A parsed date or the reason the cell is not one. */
    public record Result(LocalDate value, ReasonCode error) {
        public boolean ok() {
            return error == null;
        }
    }

    public Result parse(String cell) {
        if (formatter == null) init();
        String s = stripTime(cell.trim());
        if (s.isEmpty()) {
            return new Result(null, ReasonCode.MISSING_DATE);
        }
        LocalDate cached = recent.get(s);
        if (cached != null) {
            return new Result(cached, null);
        }
        try {
            LocalDate date = LocalDate.parse(s, formatter);
            if (recent.size() > 4096) recent.clear();
            recent.put(s, date);
            return new Result(date, null);
        } catch (DateTimeParseException e) {
            return new Result(null, shape.matcher(s).matches() ? ReasonCode.IMPOSSIBLE_DATE : ReasonCode.INVALID_DATE);
        }
    }

    private void init() {
        String strict = pattern.replace("yyyy", "uuuu").replace("yy", "uu");
        formatter = DateTimeFormatter.ofPattern(strict).withResolverStyle(ResolverStyle.STRICT);
        shape = Pattern.compile(pattern.replaceAll("[yMd]", "\\\\d").replace(".", "\\."));
        recent = new ConcurrentHashMap<>(); // a shared instance (OFX dates) is used by parallel tasks
    }

    /** Exports sometimes append a time: "2024-01-05 00:00:00", "2024-01-05T10:00". */
    private static String stripTime(String s) {
        int cut = s.indexOf('T') > 0 ? s.indexOf('T') : s.indexOf(' ');
        return cut > 0 && s.length() > cut + 3 && s.charAt(cut + 3) == ':' ? s.substring(0, cut) : s;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
