package dev.sparkflow.jobs.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a large, messy, synthetic transaction set for benchmarks: {@code rows} data rows spread over
 * {@code files} CSV files under {@code transactions/<account>/} (accounts of config/accounts.yml, round
 * robin), all in one layout ({@code Date,Description,Amount,Currency}, UTF-8, ',' delimiter, ISO dates over
 * 2024-11-01 .. 2026-10-31), so {@code spark.read().option("header","true").csv(dir)} reads them as a fair
 * baseline. The mess: amounts sometimes quoted with thousands marks ({@code "-1,234.56"}), descriptions
 * with embedded commas (quoted), about 1% bad rows of varied kinds, about 3% of the rows repeated from the
 * end of the previous file of the same account (overlapping exports) and about 0.5% genuinely repeated rows
 * within a file. Same arguments, same bytes.
 */
public final class BenchData {
    public static final int DEFAULT_FILES = 8;
    public static final double BAD_SHARE = 0.01;
    public static final double OVERLAP_SHARE = 0.03;
    public static final double REPEAT_SHARE = 0.005;
    /** Account ids as in config/accounts.yml. */
    static final List<String> ACCOUNTS = List.of(SampleHousehold.CHECKING, SampleHousehold.CARD, SampleHousehold.SAVINGS);
    private static final LocalDate FIRST_DAY = SampleHousehold.FIRST_DAY;
    private static final int DAYS = (int) ChronoUnit.DAYS.between(FIRST_DAY, SampleHousehold.LAST_DAY) + 1;

    /**
     * What was written: {@code rows} data rows in total (every kind included, headers excluded), their
     * {@code bytes} on disk, the {@code files} relative to the landing folder, the planted {@code badRows} per
     * expected reason code, the rows copied from the previous export of the same account
     * ({@code overlapRows}) and the genuine in-file repeats ({@code repeatedRows}).
     */
    public record Summary(long rows, long bytes, List<String> files, long badRows, Map<String, Long> badRowsByKind,
                          long overlapRows, long repeatedRows) {
        public Summary {
            files = List.copyOf(files);
            badRowsByKind = new TreeMap<>(badRowsByKind);
        }
    }

    private record Merchant(String field, int minCents, int maxCents) {
    }

    /** Description cells (already CSV-escaped) with a typical amount range; negative = money out. */
    private static final Merchant[] MERCHANTS = {
            new Merchant("REWE Markt Köln", -14_000, -800),
            new Merchant("Lidl Köln-Ehrenfeld", -9_000, -500),
            new Merchant("Aldi Süd Köln-Nippes", -8_000, -500),
            new Merchant("\"EDEKA Nüsser, Köln\"", -9_000, -700),
            new Merchant("Bäckerei Schmidt", -900, -180),
            new Merchant("\"Amazon.de, Marketplace\"", -15_000, -599),
            new Merchant("AMZN Mktp DE", -9_000, -499),
            new Merchant("NETFLIX.COM", -1_799, -1_599),
            new Merchant("Spotify AB", -1_099, -1_099),
            new Merchant("DB Vertrieb GmbH", -14_990, -390),
            new Merchant("\"Shell Station, Köln-Deutz\"", -9_500, -2_000),
            new Merchant("Restaurant Da Mario", -9_500, -1_800),
            new Merchant("\"Café Extrablatt, Köln\"", -3_500, -450),
            new Merchant("Pizzeria Bella Napoli", -6_000, -1_200),
            new Merchant("Stadtwerke Strom Abschlag", -12_000, -6_000),
            new Merchant("Telekom Deutschland GmbH", -5_995, -3_995),
            new Merchant("Miete Hausverwaltung Müller", -145_000, -95_000),
            new Merchant("\"IKEA Köln-Godorf, Möbel\"", -120_000, -1_500),
            new Merchant("MediaMarkt Köln", -250_000, -1_999),
            new Merchant("Apotheke am Dom", -6_000, -450),
            new Merchant("Bargeld Geldautomat", -40_000, -2_000),
            new Merchant("\"Zalando SE, Berlin\"", -18_000, -1_999),
            new Merchant("Übertrag auf Sparkonto", -100_000, -5_000),
            new Merchant("Gehalt ACME GmbH", 320_000, 420_000),
            new Merchant("\"Zinsen, Tagesgeld\"", 100, 4_000),
            new Merchant("Übertrag von Girokonto", 5_000, 100_000),
            new Merchant("\"Erstattung, Amazon.de\"", 499, 9_999),
            new Merchant("PAYMENT RECEIVED - THANK YOU", 10_000, 150_000),
    };

    private static final String[] BAD_AMOUNTS = {"n/a", "#VALUE!", "12.5O", "EUR", "--"};
    private static final String[] IMPOSSIBLE_DATES = {"2025-02-30", "2025-04-31", "2026-02-29", "2025-13-01", "2025-06-00"};
    private static final String[] FORMULAS = {"\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"",
            "=1+1", "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\"=IMPORTXML(\"\"http://evil.example\"\", \"\"//a\"\")\""};
    private static final String[] BAD_CURRENCIES = {"XYZ", "EURO", "DM", "Euro€", "E"};
    private static final String[] KINDS = {"INVALID_AMOUNT", "IMPOSSIBLE_DATE", "WRONG_COLUMN_COUNT",
            "FORMULA_PAYLOAD", "UNKNOWN_CURRENCY", "UNBALANCED_QUOTE"};

    private final Random rnd;
    private final String[] dates = new String[DAYS];
    private final StringBuilder line = new StringBuilder(128);
    /** Whether {@link #line} holds a planted bad row. */
    private boolean isBad;
    private final Map<String, Long> badByKind = new TreeMap<>();
    private long overlapRows, repeatedRows;

    private BenchData(long seed) {
        rnd = new Random(seed);
        for (int i = 0; i < DAYS; i++) dates[i] = FIRST_DAY.plusDays(i).toString();
    }

    /** Writes with {@link #DEFAULT_FILES} files. */
    public static Summary write(Path landingDir, long rows, long seed) {
        return write(landingDir, rows, DEFAULT_FILES, seed);
    }

    public static Summary write(Path landingDir, long rows, int files, long seed) {
        if (rows < 0 || files < 1) throw new IllegalArgumentException("rows must be >= 0 and files >= 1");
        try {
            return new BenchData(seed).run(landingDir, rows, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Summary run(Path landing, long rows, int files) throws IOException {
        int accounts = ACCOUNTS.size();
        long[] size = new long[files];
        for (int j = 0; j < files; j++) size[j] = rows / files + (j < rows % files ? 1 : 0);
        // Rows each file repeats from the tail of the previous export of its account.
        long[] overlap = new long[files];
        int withPredecessor = Math.max(0, files - accounts);
        long target = Math.round(rows * OVERLAP_SHARE);
        for (int j = accounts, k = 0; j < files; j++, k++) {
            long share = target / withPredecessor + (k < target % withPredecessor ? 1 : 0);
            overlap[j] = Math.min(share, Math.min(size[j], size[j - accounts]) / 2);
        }
        int[] filesOf = new int[accounts];
        for (int j = 0; j < files; j++) filesOf[j % accounts]++;

        List<String> names = new ArrayList<>();
        List<ArrayDeque<String>> tails = new ArrayList<>();
        long bytes = 0, bad = 0;
        for (int j = 0; j < files; j++) {
            String account = ACCOUNTS.get(j % accounts);
            String name = "transactions/" + account + "/bench-" + Fmt.two(j) + ".csv";
            Path file = landing.resolve(name);
            Files.createDirectories(file.getParent());
            // This file's own time window within the account's 24 months.
            int slot = j / accounts, slots = filesOf[j % accounts];
            int windowStart = (int) ((long) slot * DAYS / slots), windowEnd = (int) ((long) (slot + 1) * DAYS / slots);
            ArrayDeque<String> head = j >= accounts ? tails.get(j - accounts) : new ArrayDeque<>();
            long keepTail = j + accounts < files ? overlap[j + accounts] : 0;
            ArrayDeque<String> tail = new ArrayDeque<>();
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                    StandardCharsets.UTF_8), 1 << 16)) {
                out.write("Date,Description,Amount,Currency\n");
                long written = 0;
                for (String copy : head) {
                    if (written == size[j]) break;
                    out.write(copy);
                    written++;
                    overlapRows++;
                }
                long own = size[j] - written;
                long captureFrom = own - keepTail - keepTail / 10 - 16;
                for (long i = 0; written < size[j]; i++) {
                    int day = windowStart + (int) (i * (windowEnd - windowStart) / Math.max(1, own));
                    if (rnd.nextDouble() < BAD_SHARE) {
                        badRow(day);
                        bad++;
                    } else {
                        validRow(day);
                    }
                    String text = line.toString();
                    out.write(text);
                    written++;
                    boolean valid = !isBad;
                    if (valid && keepTail > 0 && i >= captureFrom) remember(tail, text, keepTail);
                    if (valid && written < size[j] && rnd.nextDouble() < REPEAT_SHARE) {
                        out.write(text);
                        written++;
                        i++;
                        repeatedRows++;
                        if (keepTail > 0 && i >= captureFrom) remember(tail, text, keepTail);
                    }
                }
            }
            tails.add(tail);
            if (j >= accounts) tails.set(j - accounts, null);
            names.add(name);
            bytes += Files.size(file);
        }
        return new Summary(rows, bytes, names, bad, badByKind, overlapRows, repeatedRows);
    }

    private static void remember(ArrayDeque<String> tail, String text, long keep) {
        tail.addLast(text);
        if (tail.size() > keep) tail.removeFirst();
    }

    private void validRow(int day) {
        isBad = false;
        Merchant m = MERCHANTS[rnd.nextInt(MERCHANTS.length)];
        long cents = m.minCents + (long) rnd.nextInt(m.maxCents - m.minCents + 1);
        if (cents == 0) cents = -1;
        line.setLength(0);
        line.append(dates[day]).append(',').append(m.field).append(',');
        amount(cents);
        line.append(",EUR\n");
    }

    private void amount(long cents) {
        if (Math.abs(cents) >= 100_000 && rnd.nextBoolean()) {
            line.append('"');
            Fmt.appendPoint(line, cents, true);
            line.append('"');
        } else {
            if (cents > 0 && rnd.nextInt(8) == 0) line.append('+');
            Fmt.appendPoint(line, cents, false);
        }
    }

    private void badRow(int day) {
        isBad = true;
        int kind = rnd.nextInt(KINDS.length);
        int variant = rnd.nextInt(5);
        badByKind.merge(KINDS[kind], 1L, Long::sum);
        Merchant m = MERCHANTS[rnd.nextInt(MERCHANTS.length)];
        line.setLength(0);
        switch (kind) {
            case 0 -> line.append(dates[day]).append(',').append(m.field).append(',').append(BAD_AMOUNTS[variant])
                    .append(",EUR\n");
            case 1 -> {
                line.append(IMPOSSIBLE_DATES[variant]).append(',').append(m.field).append(',');
                amount(m.minCents);
                line.append(",EUR\n");
            }
            case 2 -> {
                line.append(dates[day]).append(',').append(m.field).append(',');
                amount(m.maxCents);
                line.append(variant < 3 ? "\n" : ",EUR,Umsatz vorgemerkt\n");
            }
            case 3 -> {
                line.append(dates[day]).append(',').append(FORMULAS[variant]).append(',');
                amount(-1_000 - variant);
                line.append(",EUR\n");
            }
            case 4 -> {
                line.append(dates[day]).append(',').append(m.field).append(',');
                amount(m.minCents);
                line.append(',').append(BAD_CURRENCIES[variant]).append('\n');
            }
            default -> {
                line.append(dates[day]).append(",\"Café Central Köln,");
                amount(-450 - variant);
                line.append(",EUR\n");
            }
        }
    }
}
