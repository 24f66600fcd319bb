package dev.sparkflow.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.HoldingRecord;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.Rejection;
import dev.sparkflow.jobs.model.TransactionRecord;
import dev.sparkflow.jobs.parse.CsvSplitter;
import dev.sparkflow.jobs.parse.FileInput;
import dev.sparkflow.jobs.parse.FileParser;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code make corpus}: reads every export of the real-world corpus as a user would drop it (loose, stock config,
 * nothing configured for it) and compares each row with the file's {@code .expected.csv}; prints one line of figures
 * and, with {@code verbose}, every difference.
 */
public final class CorpusCheck {
    /** Every corpus file is read as of this day, so its expected rows do not age. */
    public static final LocalDate INGEST_DATE = LocalDate.of(2026, 12, 1);
    static final String EXPECTED = ".expected.csv";

    private CorpusCheck() {
    }

    /** The figures of one run over the corpus. */
    public record Result(int files, int institutions, int countries, int rows, int valid, int correct, int lost,
                         int batchFailures, List<String> differences, List<Institution> table,
                         Map<String, Format> byFormat) {
        public String line() {
            return String.format(Locale.ROOT, "corpus files=%d institutions=%d rows=%d valid=%d correct=%d lost=%d batch_failures=%d",
                    files, institutions, rows, valid, correct, lost, batchFailures);
        }

        public double correctShare() {
            return rows == 0 ? 0 : (double) correct / rows;
        }
    }

    /** One format of the corpus: the institutions whose files are in it, its files, rows and rows correct. */
    public record Format(TreeSet<String> institutions, int files, int rows, int correct) {
        Format add(String institution, int fileRows, int fileCorrect) {
            TreeSet<String> names = new TreeSet<>(institutions);
            names.add(institution);
            return new Format(names, files + 1, rows + fileRows, correct + fileCorrect);
        }
    }

    /** One institution of the corpus with what its files came out as (for the README table). */
    public record Institution(String folder, String name, String country, String kind, TreeSet<String> formats,
                              int files, int rows, int correct) {
    }

    public static Result run(Path corpus, JobConfig config) {
        FileParser parser = new FileParser(config, INGEST_DATE);
        List<String> differences = new ArrayList<>();
        List<Institution> table = new ArrayList<>();
        int files = 0, rows = 0, valid = 0, correct = 0, lost = 0, failures = 0;
        TreeSet<String> countries = new TreeSet<>();
        Map<String, Format> byFormat = new TreeMap<>();
        for (Path folder : folders(corpus)) {
            Map<String, String> meta;
            try {
                meta = meta(folder.resolve("institution.yml"));
            } catch (UncheckedIOException e) {
                differences.add(folder.getFileName() + "/institution.yml: unreadable: " + e.getCause().getMessage().lines().findFirst().orElse(""));
                meta = Map.of();
            }
            countries.add(meta.getOrDefault("country", "?"));
            TreeSet<String> formats = new TreeSet<>();
            int instFiles = 0, instRows = 0, instCorrect = 0;
            for (Path export : exports(folder)) {
                files++;
                instFiles++;
                String name = export.getFileName().toString();
                List<String[]> expected = expected(folder.resolve(name + EXPECTED));
                rows += expected.size();
                instRows += expected.size();
                ParsedFile parsed;
                try {
                    byte[] bytes = Files.readAllBytes(export);
                    parsed = parser.parse(new FileInput("transactions/" + name, LakeDataset.TRANSACTIONS, null, sha256(bytes), bytes));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (RuntimeException | StackOverflowError e) {
                    failures++;
                    differences.add(folder.getFileName() + "/" + name + ": parse failed: " + e);
                    continue;
                }
                FileReport r = parsed.report();
                Set<String> fileFormats = formats(r, name);
                formats.addAll(fileFormats);
                int skipped = r.linesSkipped().values().stream().mapToInt(Integer::intValue).sum();
                int gap = Math.abs(r.linesTotal() - skipped - r.rowsValid() - r.rowsQuarantined());
                if (!r.conserves() || gap != 0) {
                    lost += Math.max(gap, 1);
                    differences.add(folder.getFileName() + "/" + name + ": lines do not add up: " + r.linesTotal()
                            + " lines, skipped " + r.linesSkipped() + ", valid " + r.rowsValid() + ", quarantined " + r.rowsQuarantined());
                }
                valid += r.rowsValid();
                // Several rows can sit on one line (an OFX document written on a single line): matched in order.
                Map<Integer, List<String[]>> actual = new TreeMap<>();
                for (LakeRecord o : parsed.records()) {
                    actual.computeIfAbsent(o.lineNumber(), k -> new ArrayList<>()).add(expectedRow(o));
                }
                for (Rejection q : parsed.rejections()) {
                    actual.computeIfAbsent(q.lineNumber(), k -> new ArrayList<>()).add(
                            new String[]{String.valueOf(q.lineNumber()), "", "", "", "", "", "quarantined:" + q.reason().name()});
                }
                int fileCorrect = 0;
                int before = differences.size();
                for (String[] e : expected) {
                    String[] a = take(actual.get(Integer.parseInt(e[0])), e);
                    if (a != null && same(e, a)) {
                        fileCorrect++;
                    } else {
                        differences.add(folder.getFileName() + "/" + name + " line " + e[0] + ": expected " + String.join(" | ", e)
                                + "\n      got " + (a == null ? "no row (" + r.status() + " " + r.fileReason() + " skipped " + r.linesSkipped() + ")" : String.join(" | ", a)));
                    }
                }
                for (String[] a : actual.values().stream().flatMap(List::stream).toList()) {
                    differences.add(folder.getFileName() + "/" + name + " line " + a[0] + ": unexpected row " + String.join(" | ", a));
                }
                if (differences.size() > before) {
                    differences.add(before, folder.getFileName() + "/" + name + " == " + r.encoding() + " layout " + r.layout() + " status "
                            + r.status() + " " + r.fileReason() + " skipped " + r.linesSkipped());
                }
                correct += fileCorrect;
                instCorrect += fileCorrect;
                String institution = meta.getOrDefault("name", folder.getFileName().toString());
                for (String f : fileFormats) {
                    byFormat.put(f, byFormat.getOrDefault(f, new Format(new TreeSet<>(), 0, 0, 0))
                            .add(institution, expected.size(), fileCorrect));
                }
            }
            table.add(new Institution(folder.getFileName().toString(), meta.getOrDefault("name", folder.getFileName().toString()),
                    meta.getOrDefault("country", "?"), meta.getOrDefault("kind", "?"), formats, instFiles, instRows, instCorrect));
        }
        return new Result(files, table.size(), countries.size(), rows, valid, correct, lost, failures, differences, table,
                byFormat);
    }

    /** Removes and returns the row of {@code onLine} that equals {@code expected}, else its first row, else null. */
    private static String[] take(List<String[]> onLine, String[] expected) {
        if (onLine == null || onLine.isEmpty()) return null;
        for (int i = 0; i < onLine.size(); i++) {
            if (same(expected, onLine.get(i))) return onLine.remove(i);
        }
        return onLine.remove(0);
    }

    /** Whether an expected row equals an actual one; quarantined rows compare their reason only. */
    private static boolean same(String[] e, String[] a) {
        if (e[6].startsWith("quarantined")) return e[6].equals(a[6]);
        for (int i = 1; i < 7; i++) {
            String x = e[i].strip(), y = a[i] == null ? "" : a[i].strip();
            if (i == 2) {
                if (x.isEmpty() || y.isEmpty() || new java.math.BigDecimal(x).compareTo(new java.math.BigDecimal(y)) != 0) return false;
            } else if (!x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The formats a file is in, as the README's format table names them: its reader (CSV, QIF, MT940/MT942,
     * CAMT.05x), for OFX its generation (1.x SGML or 2.x XML), QFX when named so, and "OFX investment" when it holds
     * an investment statement.
     */
    static Set<String> formats(FileReport r, String fileName) {
        Set<String> out = new TreeSet<>();
        FileReport.Layout layout = r.layout();
        String kind = layout == null ? "?" : layout.kind();
        Map<String, String> details = layout == null ? Map.of() : layout.details();
        switch (kind) {
            case "ofx" -> {
                out.add(details.getOrDefault("version", "").startsWith("2") ? "OFX 2.x (XML)" : "OFX 1.x (SGML)");
                if (fileName.toLowerCase(Locale.ROOT).endsWith(".qfx")) out.add("QFX");
                if (details.containsKey("investment_statements")) out.add("OFX investment");
            }
            case "qif" -> out.add("QIF");
            case "mt940" -> {
                for (String message : (layout.name() == null ? "mt940" : layout.name()).split("\\+")) {
                    out.add(message.toUpperCase(Locale.ROOT));
                }
            }
            case "camt" -> {
                String message = details.getOrDefault("message", "camt");
                out.add(message.length() >= 8 ? "CAMT." + message.substring(5, 8) : "CAMT");
            }
            default -> out.add("CSV");
        }
        return out;
    }

    /** Prints the README's tables of the formats and institutions known to work, from a run. */
    public static void printTable(PrintStream out, Result result) {
        out.println("| Format | Files | Rows correct | Institutions tried |");
        out.println("|---|---|---|---|");
        result.byFormat().forEach((format, f) -> out.printf(Locale.ROOT, "| %s | %d | %d / %d | %s |%n", format, f.files(),
                f.correct(), f.rows(), f.institutions().size() > 12 ? f.institutions().size() + " institutions (the table below)"
                        : String.join(", ", f.institutions())));
        out.println();
        out.println("| Institution | Country | Kind | Formats | Files | Rows correct |");
        out.println("|---|---|---|---|---|---|");
        result.table().stream().sorted((a, b) -> (a.country() + a.name()).compareTo(b.country() + b.name()))
                .forEach(i -> out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d | %d / %d |%n", i.name(), i.country(),
                        i.kind(), String.join(", ", i.formats()), i.files(), i.correct(), i.rows()));
    }

    private static List<Path> folders(Path corpus) {
        try (Stream<Path> s = Files.list(corpus)) {
            return s.filter(Files::isDirectory).filter(p -> Files.exists(p.resolve("institution.yml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> exports(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.endsWith(EXPECTED) && !n.equals("institution.yml") && !n.equals("README.md")
                        && Files.exists(p.resolveSibling(n + EXPECTED));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> meta(Path yml) {
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(yml.toFile());
            Map<String, String> out = new TreeMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yml, e);
        }
    }

    private static List<String[]> expected(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                CsvSplitter.Split s = CsvSplitter.split(lines.get(i), ',');
                if (!s.ok() || s.fields().size() != 7) {
                    throw new IllegalStateException(csv + " line " + (i + 1) + ": not 7 fields");
                }
                out.add(s.fields().toArray(String[]::new));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A record as the corpus README's expected row: a transaction as such; a statement's balance with status
     * {@code balance} and no description; a position with status {@code holding}, its market value as the amount and
     * {@code security id / name / units} as the description.
     */
    static String[] expectedRow(LakeRecord record) {
        String line = String.valueOf(record.lineNumber());
        if (record instanceof TransactionRecord t) {
            return new String[]{line, t.bookingDate().toString(), t.amount().toPlainString(), t.currency(),
                    t.description(), t.accountId(), t.status()};
        }
        if (record instanceof BalanceRecord b) {
            return new String[]{line, b.balanceDate().toString(), b.balance().toPlainString(), b.currency(), "",
                    b.accountId(), "balance"};
        }
        if (record instanceof HoldingRecord h) {
            String name = h.securityName() == null ? "" : " / " + h.securityName();
            return new String[]{line, h.asOf().toString(), h.marketValue() == null ? "" : h.marketValue().toPlainString(),
                    h.currency(), h.securityId() + name + " / " + h.units().stripTrailingZeros().toPlainString(),
                    h.accountId(), "holding"};
        }
        throw new IllegalArgumentException("no corpus row for " + record.getClass());
    }
}
