package dev.sparkflow.jobs.parse;

import com.webcohesion.ofx4j.domain.data.MessageSetType;
import com.webcohesion.ofx4j.domain.data.ResponseEnvelope;
import com.webcohesion.ofx4j.domain.data.ResponseMessageSet;
import com.webcohesion.ofx4j.domain.data.banking.BankStatementResponseTransaction;
import com.webcohesion.ofx4j.domain.data.banking.BankingResponseMessageSet;
import com.webcohesion.ofx4j.domain.data.common.StatementResponse;
import com.webcohesion.ofx4j.domain.data.common.Transaction;
import com.webcohesion.ofx4j.domain.data.creditcard.CreditCardResponseMessageSet;
import com.webcohesion.ofx4j.domain.data.creditcard.CreditCardStatementResponseTransaction;
import com.webcohesion.ofx4j.io.AggregateUnmarshaller;
import com.webcohesion.ofx4j.io.OFXParseException;
import dev.sparkflow.jobs.config.Accounts;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OFX/QFX statements (1.x SGML and 2.x XML) with ofx4j. ofx4j is lenient (it rolls 20240231 over
 * to March and drops unparseable amounts), so each STMTTRN's raw DTPOSTED/TRNAMT text is also checked
 * here, and each transaction keeps its line number and raw block for the quarantine. A STMTTRN is one row,
 * counted on its first line; every other line of the document is skipped as markup.
 */
final class OfxFileParser {
    private static final Pattern BLOCK = Pattern.compile("<STMTTRN>(.*?)(?=</STMTTRN>|<STMTTRN>|</BANKTRANLIST>|\\z)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern OFX_DATE = Pattern.compile("\\d{8}.*");
    private static final DateFormat YYYYMMDD = new DateFormat("yyyyMMdd");

    static {
        // ofx4j logs a stack trace for every unreadable element; the row is quarantined with its reason
        // instead, so the trace only buries the job's own progress in the step log.
        Configurator.setLevel("com.webcohesion.ofx4j", Level.OFF);
    }

    private OfxFileParser() {
    }

    /** Whether the text is an OFX document rather than CSV. */
    static boolean looksLikeOfx(DecodedText text) {
        StringBuilder head = new StringBuilder();
        for (DecodedText.Line line : text.lines()) {
            head.append(line.text()).append('\n');
            if (head.length() > 4096) break;
        }
        String h = head.toString().toUpperCase(Locale.ROOT);
        return h.contains("OFXHEADER") || h.contains("<OFX>");
    }

    static ParsedFile parse(FileInput input, DecodedText text, Accounts accounts, Accounts.Account folderAccount,
                            LocalDate ingestDate) {
        String document = join(text);
        List<Block> blocks = blocks(document);
        String version = document.stripLeading().startsWith("<?xml") || document.contains("<?OFX") ? "2.x-xml" : "1.x-sgml";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", version);
        Tally tally = new Tally(input);
        OptionalInt tooDeep = OfxNesting.tooDeepAt(document);
        if (tooDeep.isPresent()) {
            return rejectAll(input, text, blocks, tally, ReasonCode.NESTING_TOO_DEEP, "aggregates nest more than "
                    + OfxNesting.MAX_DEPTH + " deep from line " + tooDeep.getAsInt(), details);
        }
        List<StatementResponse> statements;
        try {
            statements = statements(new AggregateUnmarshaller<>(ResponseEnvelope.class)
                    .unmarshal(new StringReader(document)));
        } catch (OFXParseException | RuntimeException e) {
            return rejectAll(input, text, blocks, tally, ReasonCode.INVALID_OFX, e.getMessage(), details);
        }
        if (statements.isEmpty()) {
            return rejectAll(input, text, blocks, tally, ReasonCode.OFX_NO_STATEMENT, null, details);
        }
        List<LakeRecord> pending = new ArrayList<>();
        int b = 0;
        String accountId = null;
        for (StatementResponse statement : statements) {
            List<Transaction> transactions = statement.getTransactionList() == null
                    || statement.getTransactionList().getTransactions() == null
                    ? List.of() : statement.getTransactionList().getTransactions();
            Accounts.Account account = accounts.find(accountNumber(statement)).orElse(folderAccount);
            if (account == null) account = inferredAccount(statement, input);
            if (account != null) accountId = account.id();
            for (Transaction t : transactions) {
                if (b >= blocks.size()) {
                    return rejectAll(input, text, blocks, new Tally(input), ReasonCode.INVALID_OFX,
                            "transactions do not line up with STMTTRN blocks", details);
                }
                Block block = blocks.get(b++);
                tally.read();
                RowOutcome o = transaction(t, block, statement, account, ingestDate);
                if (o.ok()) pending.add(o.record());
                else tally.reject(block.line, block.raw, o.reason(), o.detail());
            }
        }
        if (b != blocks.size()) {
            return rejectAll(input, text, blocks, new Tally(input), ReasonCode.INVALID_OFX,
                    "transactions do not line up with STMTTRN blocks", details);
        }
        TransactionRows.numberRepeats(pending).forEach(o -> tally.valid(o.record()));
        details.put("statements", String.valueOf(statements.size()));
        return build(tally, blocks.isEmpty() ? ReasonCode.HEADER_ONLY : null, null, text, blocks,
                new FileReport.Layout("ofx", "ofx-" + version, details), accountId);
    }

    private static RowOutcome transaction(Transaction t, Block block, StatementResponse statement,
                                          Accounts.Account account, LocalDate ingestDate) {
        String dateText = tag(block.raw, "DTPOSTED");
        if (dateText == null || dateText.isBlank()) return RowOutcome.reject(ReasonCode.MISSING_DATE, "DTPOSTED");
        if (!OFX_DATE.matcher(dateText).matches()) return RowOutcome.reject(ReasonCode.INVALID_DATE, "DTPOSTED '" + dateText + "'");
        DateFormat.Result date = YYYYMMDD.parse(dateText.substring(0, 8));
        if (!date.ok()) return RowOutcome.reject(date.error(), "DTPOSTED '" + dateText + "'");
        if (date.value().isBefore(RowContext.EARLIEST) || date.value().isAfter(ingestDate)) {
            return RowOutcome.reject(ReasonCode.DATE_OUT_OF_RANGE, date.value().toString());
        }
        String amountText = tag(block.raw, "TRNAMT");
        if (amountText == null) return RowOutcome.reject(ReasonCode.MISSING_AMOUNT, "TRNAMT");
        AmountParser.Result amount = AmountParser.parse(amountText, NumberStyle.POINT);
        if (amount.error() == ReasonCode.DECIMAL_SEPARATOR_MISMATCH) {
            amount = AmountParser.parse(amountText, new NumberStyle(',', null, NumberStyle.POINT.negatives()));
        }
        if (!amount.ok()) return RowOutcome.reject(amount.error(), "TRNAMT '" + amountText + "'");
        if (account == null) return RowOutcome.reject(ReasonCode.UNKNOWN_ACCOUNT, "ACCTID '" + accountNumber(statement) + "'");
        String currency = Currencies.normalise(statement.getCurrencyCode() == null ? "" : statement.getCurrencyCode());
        if (currency == null) return RowOutcome.reject(ReasonCode.UNKNOWN_CURRENCY, "CURDEF '" + statement.getCurrencyCode() + "'");
        RowOutcome mismatch = Holding.check(account, currency, amount.value());
        if (mismatch != null) return mismatch;
        String description = description(t);
        ReasonCode textProblem = TextGuard.check(description);
        if (textProblem != null) return RowOutcome.reject(textProblem, "NAME/MEMO");
        BigDecimal value = amount.value().setScale(2);
        return RowOutcome.valid(new TransactionRecord(block.line, account.id(), date.value(), null, value, currency,
                description, t.getId(), 0));
    }

    /** The account an OFX statement names (ACCTID; a card statement's is a card), or one named after the file. */
    private static Accounts.Account inferredAccount(StatementResponse statement, FileInput input) {
        String number = accountNumber(statement);
        if (number != null && !number.isBlank()) {
            boolean card = statement instanceof com.webcohesion.ofx4j.domain.data.creditcard.CreditCardStatementResponse;
            return InferredAccounts.account(AccountClues.fromValue(number, card ? "card" : "account"));
        }
        return InferredAccounts.named(input.sourceFile().substring(input.sourceFile().lastIndexOf('/') + 1).replaceFirst("\\.[^.]*$", ""));
    }

    private static String description(Transaction t) {
        String name = t.getName() == null ? "" : t.getName().strip().replaceAll("\\s+", " ");
        String memo = t.getMemo() == null ? "" : t.getMemo().strip().replaceAll("\\s+", " ");
        if (name.isEmpty()) return memo;
        return memo.isEmpty() || memo.equalsIgnoreCase(name) ? name : name + " / " + memo;
    }

    private static String accountNumber(StatementResponse statement) {
        if (statement instanceof com.webcohesion.ofx4j.domain.data.banking.BankStatementResponse bank
                && bank.getAccount() != null) {
            return bank.getAccount().getAccountNumber();
        }
        if (statement instanceof com.webcohesion.ofx4j.domain.data.creditcard.CreditCardStatementResponse card
                && card.getAccount() != null) {
            return card.getAccount().getAccountNumber();
        }
        return null;
    }

    private static List<StatementResponse> statements(ResponseEnvelope envelope) {
        List<StatementResponse> out = new ArrayList<>();
        ResponseMessageSet bank = envelope.getMessageSet(MessageSetType.banking);
        if (bank instanceof BankingResponseMessageSet set && set.getStatementResponses() != null) {
            for (BankStatementResponseTransaction tx : set.getStatementResponses()) {
                if (tx.getMessage() != null) out.add(tx.getMessage());
            }
        }
        ResponseMessageSet card = envelope.getMessageSet(MessageSetType.creditcard);
        if (card instanceof CreditCardResponseMessageSet set && set.getStatementResponses() != null) {
            for (CreditCardStatementResponseTransaction tx : set.getStatementResponses()) {
                if (tx.getMessage() != null) out.add(tx.getMessage());
            }
        }
        return out;
    }

    private static ParsedFile rejectAll(FileInput input, DecodedText text, List<Block> blocks, Tally tally,
                                        ReasonCode reason, String detail, Map<String, String> details) {
        for (Block block : blocks) {
            tally.read();
            tally.reject(block.line, block.raw, reason, detail);
        }
        return build(tally, reason, detail, text, blocks, new FileReport.Layout("ofx", null, details), null);
    }

    /**
     * Assembles the outcome once every block is a row: the lines without a STMTTRN start are markup, and a line on
     * which several STMTTRN start counts once per transaction, so the lines add up even for a one-line document.
     */
    private static ParsedFile build(Tally tally, ReasonCode reason, String detail, DecodedText text, List<Block> blocks,
                                    FileReport.Layout layout, String accountId) {
        int startLines = (int) blocks.stream().mapToInt(Block::line).distinct().count();
        int linesTotal = text.lines().size() + blocks.size() - startLines;
        tally.skip(FileReport.SKIPPED_MARKUP, linesTotal - blocks.size());
        return tally.build(reason, detail, text.encoding(), text.bom(), layout, accountId, linesTotal);
    }

    /** One STMTTRN element: the line it starts on and its raw text. */
    private record Block(int line, String raw) {
    }

    private static List<Block> blocks(String document) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(document);
        int line = 1, scanned = 0;
        while (m.find()) {
            for (int i = scanned; i < m.start(); i++) {
                if (document.charAt(i) == '\n') line++;
            }
            scanned = m.start();
            blocks.add(new Block(line, m.group().strip()));
        }
        return blocks;
    }

    /** The text of an SGML/XML leaf element inside a block, or null if absent. */
    private static String tag(String block, String name) {
        Matcher m = Pattern.compile("<" + name + ">\\s*([^<\\r\\n]*)", Pattern.CASE_INSENSITIVE).matcher(block);
        return m.find() ? m.group(1).strip() : null;
    }

    private static String join(DecodedText text) {
        StringBuilder sb = new StringBuilder();
        for (DecodedText.Line line : text.lines()) {
            sb.append(line.text()).append('\n');
        }
        return sb.toString();
    }
}
