package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.FxRateRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The ECB's euro reference rates in the two CSV layouts a person downloads, known by their header wherever the file
 * lands:
 * <ul>
 *   <li>{@code eurofxref-hist.csv} / {@code eurofxref.csv}: {@code Date,USD,JPY,...,} one row per day, one column per
 *       currency (units per 1 EUR), {@code N/A} where the ECB published no rate, a trailing empty column; the daily file
 *       writes {@code 07 December 2026} and a space after each comma;</li>
 *   <li>the ECB Data Portal's SDMX CSV: {@code KEY,FREQ,CURRENCY,CURRENCY_DENOM,EXR_TYPE,EXR_SUFFIX,TIME_PERIOD,
 *       OBS_VALUE,...}, one row per observation.</li>
 * </ul>
 * A rate is a unit of the file's report: in the wide layout each rate cell counts (a published rate is valid or
 * quarantined, an {@code N/A} or empty cell is the named non-data cell {@code no_rate}), so the report's lines total is
 * the header and blank lines plus the cells of the data lines; a data line that cannot be split into cells (its date
 * unreadable, a broken quote, more cells than the header) is one unit, quarantined whole. In the SDMX layout each line
 * is one unit; series other than the daily average reference rate ({@code FREQ=D}, {@code EXR_TYPE=SP00}) are the
 * named non-data lines {@code other_series}.
 */
public final class EcbRatesParser {
    /** The ECB's rates are euro rates; the SDMX layout states its denominator per row. */
    public static final String EURO = "EUR";
    /** A non-data cell of the wide layout, or an SDMX observation without value: the ECB published no rate. */
    public static final String SKIPPED_NO_RATE = "no_rate";
    /** An SDMX row of another series (monthly averages, another rate type). */
    public static final String SKIPPED_OTHER_SERIES = "other_series";

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private static final DateTimeFormatter DAILY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    private static final LocalDate FIRST = LocalDate.of(1970, 1, 1);
    private static final List<String> SDMX_COLUMNS = List.of("KEY", "CURRENCY", "CURRENCY_DENOM", "TIME_PERIOD",
            "OBS_VALUE");
    /** The widest rate the lake keeps: decimal(20,10). */
    private static final int RATE_INTEGER_DIGITS = 10, RATE_DECIMALS = 10;

    private EcbRatesParser() {
    }

    /** Which ECB layout a header line is, if any. */
    enum Layout {
        EUROFXREF("eurofxref-csv"), SDMX("ecb-sdmx-csv");

        final String name;

        Layout(String name) {
            this.name = name;
        }
    }

    /** The ECB layout of the file: read from its first non-blank line, never from its name. */
    static Optional<Layout> sniff(DecodedText text) {
        for (DecodedText.Line line : text.lines()) {
            if (line.isBlank()) continue;
            List<String> cells = cells(stripBom(line.text()));
            if (cells == null) return Optional.empty();
            if (cells.get(0).equals("Date") && cells.size() >= 2) {
                List<String> codes = cells.subList(1, cells.size()).stream().filter(c -> !c.isEmpty()).toList();
                boolean wide = !codes.isEmpty() && codes.stream().allMatch(c -> CODE.matcher(c).matches())
                        && cells.subList(1, cells.size()).stream().dropWhile(c -> !c.isEmpty()).allMatch(String::isEmpty);
                return wide ? Optional.of(Layout.EUROFXREF) : Optional.empty();
            }
            return cells.containsAll(SDMX_COLUMNS) && cells.get(0).equals("KEY") ? Optional.of(Layout.SDMX)
                    : Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether the text is an ECB rates file. */
    public static boolean looksLikeEcbRates(DecodedText text) {
        return sniff(text).isPresent();
    }

    /** Parses an ECB rates file ({@link #looksLikeEcbRates}); {@code input} is of the fx_rates dataset. */
    static ParsedFile parse(FileInput input, DecodedText text, LocalDate ingestDate) {
        Layout layout = sniff(text).orElseThrow(() -> new IllegalArgumentException("not an ECB rates file"));
        Reader reader = new Reader(new Tally(input), ingestDate);
        int units = layout == Layout.EUROFXREF ? reader.wide(text) : reader.sdmx(text);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("base_currency", reader.bases.size() == 1 ? reader.bases.iterator().next() : String.join(",", reader.bases));
        details.put("currencies", String.valueOf(reader.quotes.size()));
        FileReport.Layout described = new FileReport.Layout("ecb", layout.name, details);
        ReasonCode empty = reader.tally.records().isEmpty() && units == reader.headerUnits ? ReasonCode.HEADER_ONLY : null;
        return reader.tally.build(empty, null, text.encoding(), text.bom(), described, null, units);
    }

    /** One file's reading: its tally, the keys seen (a rate stated twice is a duplicate) and what it named. */
    private static final class Reader {
        final Tally tally;
        final LocalDate ingestDate;
        final Set<String> keys = new HashSet<>();
        final Set<String> bases = new TreeSet<>(), quotes = new TreeSet<>();
        int headerUnits;

        Reader(Tally tally, LocalDate ingestDate) {
            this.tally = tally;
            this.ingestDate = ingestDate;
        }

        /** The wide layout; returns the file's units (header and blank lines, then rate cells or whole lines). */
        int wide(DecodedText text) {
            List<String> header = null;
            int units = 0;
            for (DecodedText.Line line : text.lines()) {
                if (line.isBlank()) {
                    tally.skip("blank");
                    units++;
                    headerUnits++;
                    continue;
                }
                if (header == null) {
                    header = cells(stripBom(line.text()));
                    tally.skip("header");
                    units++;
                    headerUnits++;
                    continue;
                }
                units += wideRow(line, header);
            }
            return units;
        }

        private int wideRow(DecodedText.Line line, List<String> header) {
            int lastCode = header.size() - 1;
            while (header.get(lastCode).isEmpty()) lastCode--;
            CsvSplitter.Split split = CsvSplitter.split(line.text(), ',');
            List<String> cells = split.ok() ? split.fields().stream().map(String::strip).toList() : null;
            String whole = null;
            ReasonCode reason = null;
            LocalDate date = null;
            if (cells == null) {
                reason = split.error();
            } else if (cells.size() <= lastCode || strayCell(cells, header)) {
                reason = ReasonCode.WRONG_COLUMN_COUNT;
                whole = cells.size() + " cells, the header names " + lastCode + " currencies";
            } else {
                DateCheck check = date(cells.get(0));
                reason = check.reason;
                whole = check.detail;
                date = check.date;
            }
            if (reason != null) {
                tally.read();
                tally.reject(line.number(), line.text(), reason, whole);
                return 1;
            }
            int units = 0;
            for (int i = 1; i <= lastCode; i++) {
                if (header.get(i).isEmpty()) continue;
                units++;
                rate(line, date, EURO, header.get(i), cells.get(i));
            }
            return units;
        }

        /** Whether a cell holds text under no currency (beyond the header, or under its empty trailing column). */
        private static boolean strayCell(List<String> cells, List<String> header) {
            for (int i = 1; i < cells.size(); i++) {
                if (!cells.get(i).isEmpty() && (i >= header.size() || header.get(i).isEmpty())) return true;
            }
            return false;
        }

        /** The SDMX layout: one unit per line. */
        int sdmx(DecodedText text) {
            List<String> header = null;
            int units = 0;
            for (DecodedText.Line line : text.lines()) {
                units++;
                if (line.isBlank()) {
                    tally.skip("blank");
                    headerUnits++;
                } else if (header == null) {
                    header = cells(stripBom(line.text()));
                    tally.skip("header");
                    headerUnits++;
                } else {
                    sdmxRow(line, header);
                }
            }
            return units;
        }

        private void sdmxRow(DecodedText.Line line, List<String> header) {
            CsvSplitter.Split split = CsvSplitter.split(line.text(), ',');
            if (!split.ok() || split.fields().size() != header.size()) {
                tally.read();
                tally.reject(line.number(), line.text(), split.ok() ? ReasonCode.WRONG_COLUMN_COUNT : split.error(),
                        split.ok() ? split.fields().size() + " fields, the header has " + header.size() : null);
                return;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), split.fields().get(i).strip());
            boolean daily = row.getOrDefault("FREQ", "D").equals("D") && row.getOrDefault("EXR_TYPE", "SP00").equals("SP00");
            if (!daily) {
                tally.skip(SKIPPED_OTHER_SERIES);
                return;
            }
            DateCheck check = date(row.get("TIME_PERIOD"));
            if (check.reason != null) {
                tally.read();
                tally.reject(line.number(), line.text(), check.reason, check.detail);
                return;
            }
            String base = row.get("CURRENCY_DENOM");
            if (!CODE.matcher(base).matches()) {
                tally.read();
                tally.reject(line.number(), line.text(), ReasonCode.INVALID_RATE, "CURRENCY_DENOM '" + base + "'");
                return;
            }
            rate(line, check.date, base, row.get("CURRENCY"), row.get("OBS_VALUE"));
        }

        /** One rate cell: no rate (skipped by name), a valid rate, or a quarantined one. */
        private void rate(DecodedText.Line line, LocalDate date, String base, String quote, String cell) {
            if (cell.isEmpty() || cell.equalsIgnoreCase("N/A") || cell.equals("NaN")) {
                tally.skip(SKIPPED_NO_RATE);
                return;
            }
            tally.read();
            String problem = rateProblem(quote, cell);
            if (problem != null) {
                tally.reject(line.number(), line.text(), ReasonCode.INVALID_RATE, quote + " '" + cell + "': " + problem);
                return;
            }
            if (!keys.add(date + "|" + base + "|" + quote)) {
                tally.reject(line.number(), line.text(), ReasonCode.DUPLICATE_KEY, quote + " on " + date + " stated twice");
                return;
            }
            BigDecimal rate = new BigDecimal(cell).setScale(RATE_DECIMALS);
            bases.add(base);
            quotes.add(quote);
            tally.valid(new FxRateRecord(line.number(), date, base, quote, rate));
        }

        private DateCheck date(String cell) {
            LocalDate date;
            try {
                date = cell.length() == 10 && cell.charAt(4) == '-' ? LocalDate.parse(cell) : LocalDate.parse(cell, DAILY);
            } catch (DateTimeParseException e) {
                return new DateCheck(null, cell.matches("\\d{4}-\\d{2}-\\d{2}") ? ReasonCode.IMPOSSIBLE_DATE
                        : ReasonCode.INVALID_DATE, "'" + cell + "' is neither yyyy-MM-dd nor '7 December 2026'");
            }
            if (date.isBefore(FIRST) || date.isAfter(ingestDate)) {
                return new DateCheck(null, ReasonCode.DATE_OUT_OF_RANGE, date + " is before " + FIRST
                        + " or after the ingest date " + ingestDate);
            }
            return new DateCheck(date, null, null);
        }
    }

    private record DateCheck(LocalDate date, ReasonCode reason, String detail) {
    }

    /** Why a rate cell is no rate the lake can keep, or null. */
    static String rateProblem(String quote, String cell) {
        if (!CODE.matcher(quote).matches()) return "the currency is not an ISO 4217 code";
        BigDecimal rate;
        try {
            rate = new BigDecimal(cell);
        } catch (NumberFormatException e) {
            return "not a number";
        }
        if (rate.signum() <= 0) return "not positive";
        if (rate.scale() > RATE_DECIMALS || rate.precision() - rate.scale() > RATE_INTEGER_DIGITS) {
            return "more digits than decimal(20,10) holds";
        }
        return null;
    }

    /** The trimmed cells of a header line, or null when it does not split. */
    private static List<String> cells(String line) {
        CsvSplitter.Split split = CsvSplitter.split(line, ',');
        if (!split.ok()) return null;
        List<String> out = new ArrayList<>();
        for (String f : split.fields()) out.add(f.strip());
        return out;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
