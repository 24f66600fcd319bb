package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.model.Dataset;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.List;

import java.util.Optional;

/**
 * Parses one landed file of any dataset into valid records and quarantined rows, with its report.
 * Pure Java (no Spark), so every rule is unit-tested on inline fixtures; the ingest job runs it per file.
 */
public final class FileParser implements java.io.Serializable {
    /** Larger files are not household exports; ingest rejects them before reading them, this parser before decoding. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private final JobConfig config;
    private final LocalDate ingestDate;

    public FileParser(JobConfig config, LocalDate ingestDate) {
        this.config = config;
        this.ingestDate = ingestDate;
    }

    public ParsedFile parse(FileInput input) {
        if (input.bytes().length > MAX_FILE_BYTES) {
            return unread(input, ReasonCode.FILE_TOO_LARGE, tooLarge(input.bytes().length));
        }
        switch (TextDecoder.sniff(input.bytes())) {
            case SPREADSHEET_OR_ARCHIVE, PDF -> {
                return unread(input, ReasonCode.UNSUPPORTED_FORMAT, null);
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
        if (input.dataset() == Dataset.TRANSACTIONS && OfxFileParser.looksLikeOfx(text)) {
            return OfxFileParser.parse(input, text, config.accounts(), folderAccount, ingestDate);
        }
        LayoutResolver.Resolution resolution = LayoutResolver.resolve(input.dataset(), text,
                config.profilesFor(input.dataset()), config.synonyms());
        if (!resolution.ok()) {
            return rejectFile(input, text, resolution.error(), resolution.detail(), FileReport.Layout.NONE, -1);
        }
        CsvLayout layout = resolution.layout();
        if (layout.encoding().isPresent()
                && !Charset.forName(layout.encoding().get()).equals(Charset.forName(text.encoding()))) {
            text = TextDecoder.decode(input.bytes(), Optional.of(Charset.forName(layout.encoding().get())));
        }
        Accounts.Account account = null;
        if (input.dataset() != Dataset.BUDGETS && !layout.has("account")) {
            Optional<Accounts.Account> resolved = fileAccount(input, text, layout, folderAccount);
            if (resolved.isEmpty()) {
                return rejectFile(input, text, ReasonCode.UNKNOWN_ACCOUNT_FILE, accountHint(input), layout.describe(),
                        layout.headerLine());
            }
            account = resolved.get();
        }
        Tally tally = CsvFileParser.parse(input, text, new RowContext(config, layout, account, ingestDate));
        ParsedFile parsed = tally.build(null, null, text.encoding(), text.bom(), layout.describe(),
                account == null ? null : account.id(), text.lines().size());
        if (parsed.report().rowsRead() == 0) {
            return tally.build(ReasonCode.HEADER_ONLY, null, text.encoding(), text.bom(),
                    layout.describe(), account == null ? null : account.id(), text.lines().size());
        }
        return parsed;
    }

    /** The account of a file without an account column: its folder, its profile, or its preamble. */
    private Optional<Accounts.Account> fileAccount(FileInput input, DecodedText text, CsvLayout layout,
                                                   Accounts.Account folderAccount) {
        if (input.folder() != null) {
            return Optional.ofNullable(folderAccount);
        }
        if (layout.account().isPresent()) {
            return config.accounts().find(layout.account().get());
        }
        List<DecodedText.Line> preamble = text.lines().subList(0, layout.headerLine());
        for (DecodedText.Line line : preamble) {
            Optional<Accounts.Account> mentioned = config.accounts().mentionedIn(line.text());
            if (mentioned.isPresent()) return mentioned;
        }
        return Optional.empty();
    }

    private static String accountHint(FileInput input) {
        return input.folder() != null
                ? "folder '" + input.folder() + "' is not an account id in accounts.yml"
                : "no account column, folder, profile account or account number in the preamble";
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
            } else if (index < headerLine) {
                tally.skip("preamble");
            } else if (index == headerLine) {
                tally.skip("header");
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
