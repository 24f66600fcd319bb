package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one landed file of any dataset into valid records and quarantined rows, with its report.
 * Pure Java (no Spark), so every rule is unit-tested on inline fixtures; the ingest job runs it per file.
 */
public final class FileParser implements java.io.Serializable {
    /** Larger files are not household exports; ingest rejects them before reading them, this parser before decoding. */
    /** Larger files are not household exports; they are rejected before decoding. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    /** The detail of a file under landing/fx_rates/ in neither ECB layout. */
    static final String FX_RATES_LAYOUTS = "fx_rates reads the ECB's CSV layouts: eurofxref(-hist).csv "
            + "(Date,USD,JPY,...) or the ECB Data Portal's SDMX CSV (KEY,FREQ,CURRENCY,CURRENCY_DENOM,...)";

    private final JobConfig config;
    private final LocalDate ingestDate;

    public FileParser(JobConfig config, LocalDate ingestDate) {
        this.config = config;
        this.ingestDate = ingestDate;
    }

    /**
     * Parses one file; its report names, in the layout detail {@link FileReport#INFERRED_ACCOUNTS}, every account
     * its valid rows belong to that config/ does not list, with the currency of its first row.
     */
    public ParsedFile parse(FileInput input) {
        ParsedFile parsed = read(input);
        String inferred = InferredAccounts.describe(parsed.records(), config.accounts());
        if (inferred.isEmpty() || parsed.report().layout() == null) return parsed;
        FileReport r = parsed.report();
        Map<String, String> details = new LinkedHashMap<>(r.layout().details());
        details.put(FileReport.INFERRED_ACCOUNTS, inferred);
        FileReport withAccounts = new FileReport(r.sourceFile(), r.dataset(), r.sha256(), r.bytes(), r.status(),
                r.fileReason(), r.fileDetail(), r.duplicateOf(), r.encoding(), r.bom(),
                new FileReport.Layout(r.layout().kind(), r.layout().name(), details), r.accountId(), r.linesTotal(),
                r.linesSkipped(), r.rowsRead(), r.rowsValid(), r.rowsQuarantined(), r.quarantinedByReason(), r.months(),
                r.nulPaddingBytes(), r.rowsValidByDataset());
        return new ParsedFile(withAccounts, parsed.records(), parsed.rejections());
    }

    private ParsedFile read(FileInput input) {
        if (input.bytes().length > MAX_FILE_BYTES) {
            return unread(input, ReasonCode.FILE_TOO_LARGE, tooLarge(input.bytes().length));
        }
        switch (TextDecoder.sniff(input.bytes())) {
            case SPREADSHEET_OR_ARCHIVE, PDF -> {
                return unread(input, ReasonCode.UNSUPPORTED_FORMAT, UnknownFormat.ofBytes(input.bytes()));
            }
            case BINARY -> {
                return unread(input, ReasonCode.NOT_TEXT, null);
            }
            default -> {
            }
        }
        DecodedText text = TextDecoder.decode(input.bytes(), Optional.empty());
        Accounts.Account folderAccount = input.folder() == null ? null
                : config.accounts().find(input.folder()).orElse(null);
        if (EcbRatesParser.looksLikeEcbRates(text)) {
            // Known by content wherever it lands: dropped loose among transactions, it is still a rates file.
            return EcbRatesParser.parse(new FileInput(input.sourceFile(), LakeDataset.FX_RATES, input.folder(),
                    input.sha256(), input.bytes()), text, ingestDate);
        }
        if (input.dataset() == LakeDataset.FX_RATES) {
            return rejectFile(input, text, ReasonCode.UNKNOWN_LAYOUT, FX_RATES_LAYOUTS, FileReport.Layout.NONE, -1);
        }
        if (input.dataset() == LakeDataset.TRANSACTIONS && OfxFileParser.looksLikeOfx(text)) {
            return OfxFileParser.parse(input, text, config.accounts(), folderAccount, ingestDate);
        }
        if (input.dataset() == LakeDataset.TRANSACTIONS && CamtFileParser.looksLikeCamt(text)) {
            return CamtFileParser.parse(input, text, config.accounts(), folderAccount, ingestDate);
        }
        if (input.dataset() == LakeDataset.TRANSACTIONS && Mt940FileParser.looksLikeMt940(text)) {
            return Mt940FileParser.parse(input, text, config.accounts(), folderAccount, ingestDate);
        }
        if (input.dataset() == LakeDataset.TRANSACTIONS && QifFileParser.looksLikeQif(text)) {
            return QifFileParser.parse(input, text, config.accounts(), folderAccount, ingestDate);
        }
        Optional<String> other = UnknownFormat.ofText(text);
        if (other.isPresent()) {
            return rejectFile(input, text, ReasonCode.UNSUPPORTED_FORMAT, "looks like " + other.get(),
                    FileReport.Layout.NONE, -1);
        }
        LayoutResolver.Resolution resolution = LayoutResolver.resolve(input.dataset(), text,
                config.profilesFor(input.dataset()), config.synonyms(),
                new LayoutResolver.Hints(ingestDate, fileName(input)));
        if (!resolution.ok()) {
            return rejectFile(input, text, resolution.error(), resolution.detail(), FileReport.Layout.NONE,
                    resolution.headerLine());
        }
        CsvLayout layout = resolution.layout();
        if (layout.encoding().isPresent()
                && !Charset.forName(layout.encoding().get()).equals(Charset.forName(text.encoding()))) {
            text = TextDecoder.decode(input.bytes(), Optional.of(Charset.forName(layout.encoding().get())));
        }
        InferredAccounts inferred = new InferredAccounts();
        Accounts.Account account = null;
        Map<String, String> details = new LinkedHashMap<>(layout.describe().details());
        if (input.dataset() != LakeDataset.BUDGETS) {
            FileAccount resolved = fileAccount(input, text, layout, folderAccount, inferred);
            if (resolved.conflict() != null) {
                return rejectFile(input, text, ReasonCode.UNKNOWN_ACCOUNT_FILE, resolved.conflict(), layout.describe(),
                        layout.headerLine());
            }
            account = resolved.account();
            details.put("account_source", resolved.source());
        }
        Tally tally = CsvFileParser.parse(input, text, new RowContext(config, layout, account, ingestDate, inferred));
        FileReport.Layout described = new FileReport.Layout(layout.describe().kind(), layout.describe().name(), details);
        String accountId = layout.has("account") && !inferred.isEmpty() && inferred.accounts().size() > 1 ? null
                : layout.has("account") && !inferred.isEmpty() ? inferred.accounts().get(0).id()
                : account == null ? null : account.id();
        ParsedFile parsed = tally.build(null, null, text.encoding(), text.bom(), described, accountId, text.lines().size());
        if (parsed.report().rowsRead() == 0) {
            return tally.build(ReasonCode.HEADER_ONLY, null, text.encoding(), text.bom(), described, accountId,
                    text.lines().size());
        }
        return parsed;
    }

    /** The account of a file's rows, how it was found, or the conflict that stops the file. */
    private record FileAccount(Accounts.Account account, String source, String conflict) {
    }

    /**
     * The account of a file: a configured account its folder, its profile or its preamble names wins; else the one
     * the file names itself (an IBAN or account/card number above the header), registered as inferred; else one
     * named after its folder, else after its file name. A folder naming one configured account while the file names
     * another is a conflict.
     */
    private FileAccount fileAccount(FileInput input, DecodedText text, CsvLayout layout, Accounts.Account folderAccount,
                                    InferredAccounts inferred) {
        int preambleEnd = Math.max(0, layout.headerLine() >= 0 ? layout.headerLine() : layout.firstRow());
        List<String> preamble = text.lines().subList(0, Math.min(preambleEnd, text.lines().size())).stream()
                .map(DecodedText.Line::text).toList();
        Optional<Accounts.Account> mentioned = Optional.empty();
        for (String line : preamble) {
            mentioned = config.accounts().mentionedIn(line);
            if (mentioned.isPresent()) break;
        }
        if (folderAccount != null) {
            if (mentioned.isPresent() && !mentioned.get().id().equals(folderAccount.id())) {
                return new FileAccount(null, null, "folder '" + input.folder() + "' but the file names account "
                        + mentioned.get().id());
            }
            return new FileAccount(folderAccount, "folder", null);
        }
        if (layout.account().isPresent()) {
            Optional<Accounts.Account> profile = config.accounts().find(layout.account().get());
            if (profile.isPresent()) return new FileAccount(profile.get(), "profile", null);
        }
        if (mentioned.isPresent()) return new FileAccount(mentioned.get(), "preamble", null);
        Optional<AccountClues.Found> found = AccountClues.inPreamble(preamble);
        if (found.isPresent()) {
            Optional<Accounts.Account> configured = config.accounts().find(found.get().identifier());
            if (configured.isPresent()) return new FileAccount(configured.get(), "preamble", null);
            return new FileAccount(inferred.register(found.get(), null), "preamble (inferred)", null);
        }
        String name = input.folder() != null ? input.folder() : stem(fileName(input));
        String source = input.folder() != null ? "folder (inferred)" : "file name (inferred)";
        Accounts.Account named = InferredAccounts.named(name);
        if (layout.has("account")) {
            return new FileAccount(named, "column", null); // rows with an empty account cell fall back to the name
        }
        return new FileAccount(inferred.register(new AccountClues.Found(AccountClues.slug(name), name,
                input.folder() != null ? "folder" : "file name"), null), source, null);
    }

    private static String fileName(FileInput input) {
        String path = input.sourceFile();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Every non-blank line of an unreadable file goes to quarantine with the file's reason; when the header was
     * found ({@code headerLine} >= 0), the preamble and header are skipped as in a readable file.
     */
    private static ParsedFile rejectFile(FileInput input, DecodedText text, ReasonCode reason, String detail,
                                         FileReport.Layout layout, int headerLine) {
        Tally tally = new Tally(input);
        for (DecodedText.Line line : text.lines()) {
            int index = line.number() - 1;
            if (line.isBlank()) {
                tally.skip("blank");
            } else if (index == headerLine) {
                tally.skip("header");
            } else if (index < headerLine) {
                tally.skip("preamble");
            } else {
                tally.read();
                tally.reject(line.number(), line.text(), reason, detail);
            }
        }
        return tally.build(reason, detail, text.encoding(), text.bom(), layout, null, text.lines().size());
    }

    /** The detail of {@link ReasonCode#FILE_TOO_LARGE}. */
    public static String tooLarge(long bytes) {
        return bytes + " bytes, the limit is " + MAX_FILE_BYTES;
    }

    /** A file rejected before decoding: no rows, its lines (counted on its bytes) skipped as rejected_file. */
    private static ParsedFile unread(FileInput input, ReasonCode reason, String detail) {
        return new ParsedFile(FileReport.rejected(input.sourceFile(), input.dataset().dirName(), input.sha256(),
                input.bytes().length, reason, detail, LineCount.of(input.bytes())), List.of(), List.of());
    }

}
