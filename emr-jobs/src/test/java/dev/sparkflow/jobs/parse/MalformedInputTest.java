package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.Rejection;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.sparkflow.jobs.parse.Fixtures.CARDCO_HEADER;
import static dev.sparkflow.jobs.parse.Fixtures.HAUSBANK_HEADER;
import static dev.sparkflow.jobs.parse.Fixtures.WINDOWS_1252;
import static dev.sparkflow.jobs.parse.Fixtures.block;
import static dev.sparkflow.jobs.parse.Fixtures.bytes;
import static dev.sparkflow.jobs.parse.Fixtures.csv;
import static dev.sparkflow.jobs.parse.Fixtures.encoded;
import static dev.sparkflow.jobs.parse.Fixtures.lineOf;
import static dev.sparkflow.jobs.parse.Fixtures.ofxSgml;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static dev.sparkflow.jobs.parse.Fixtures.startingWith;
import static dev.sparkflow.jobs.parse.Fixtures.stmttrn;
import static dev.sparkflow.jobs.parse.Fixtures.withByte;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input gets its exact reason code: row cases name the line and keep its raw text,
 * file cases reject the whole file. A registry test makes sure every {@link ReasonCode} is exercised.
 */
class MalformedInputTest {

    /** Reason codes decided outside the parser, with where they are decided instead. */
    private static final Map<ReasonCode, String> DECIDED_ELSEWHERE = Map.of(ReasonCode.UNKNOWN_DATASET,
            "IngestJob rejects a landing path outside landing/<dataset>/ before a FileInput (which needs a Dataset) exists;"
                    + " tested in IngestCurateJobTest",
            ReasonCode.FILE_UNREADABLE,
            "the ingest job's guard around the parser turns a parser's failure into this reason; tested in"
                    + " IngestCurateJobTest");

    /** A generic export the parser has to infer: ISO dates, decimal point, one amount column. */
    private static final String GENERIC_HEADER = "Date,Description,Amount";
    private static final String GOOD_ROW = "2024-01-04,Bakery,-2.40";

    /** One malformed input and what the parser must say about it. */
    record Case(String name, ReasonCode reason, Supplier<FileInput> input, int line, String raw) {
        static final int WHOLE_FILE = 0;

        boolean fileLevel() {
            return line == WHOLE_FILE;
        }
    }

    /** A transactions file in the generic layout for main-checking: a good row on line 2, {@code bad} on line 3. */
    private static Case generic(String name, ReasonCode reason, String bad) {
        return row(name, reason, () -> csv("transactions", "main-checking", GENERIC_HEADER + "\n" + GOOD_ROW + "\n" + bad + "\n"),
                3, bad);
    }

    /** Like {@link #generic} with a header of the caller's choice. */
    private static Case genericWith(String name, ReasonCode reason, String header, String good, String bad) {
        return row(name, reason, () -> csv("transactions", "main-checking", header + "\n" + good + "\n" + bad + "\n"), 3, bad);
    }

    /** A Hausbank export (windows-1252, preamble naming the account) with {@code bad} on line 5. */
    private static Case hausbank(String name, ReasonCode reason, String bad) {
        return row(name, reason, () -> encoded("transactions", null, hausbankText(bad), WINDOWS_1252), 5, bad);
    }

    private static String hausbankText(String bad) {
        return "Kontonummer;5407324931\n\n" + HAUSBANK_HEADER + "\n05.01.2024;05.01.2024;REWE Müller;12,50;;EUR\n"
                + bad + "\nKontostand;;;;1.234,56;EUR\n";
    }

    /** A CardCo export (profile: US dates, parentheses allowed) with {@code bad} on line 3. */
    private static Case cardco(String name, ReasonCode reason, String bad) {
        return row(name, reason, () -> csv("transactions", null,
                CARDCO_HEADER + "\n01/05/2024,01/06/2024,Amazon,Shopping,12.00\n" + bad + "\n"), 3, bad);
    }

    /** An OFX statement whose second STMTTRN is {@code bad}. */
    private static Case ofx(String name, ReasonCode reason, String acctId, String currency, String bad) {
        String good = stmttrn("20240105", "-12.50", "F1", "REWE");
        String document = ofxSgml(acctId, currency, good, bad);
        return row(name, reason, () -> csv("transactions", null, document), lineOf(document, bad), block(bad));
    }

    /** An OFX statement whose only STMTTRN is {@code bad}: for faults of the statement (account, currency). */
    private static Case ofxStatement(String name, ReasonCode reason, String acctId, String currency, String bad) {
        String document = ofxSgml(acctId, currency, bad);
        return row(name, reason, () -> csv("transactions", null, document), lineOf(document, bad), block(bad));
    }

    /** A CAMT.053 statement with a good entry and then {@code bad}, each on a line of its own. */
    private static Case camt(String name, ReasonCode reason, String bad, String raw) {
        String document = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
                + "<BkToCstmrStmt><Stmt><Acct><Id><IBAN>DE43100700000123456700</IBAN></Id></Acct>\n"
                + "<Ntry><Amt Ccy=\"EUR\">3.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-05</Dt></BookgDt></Ntry>\n"
                + bad + "\n</Stmt></BkToCstmrStmt>\n</Document>\n";
        return row(name, reason, () -> csv("transactions", null, document), lineOf(document, bad), raw);
    }

    /** A budgets file with a good row on line 2 and {@code bad} on line 3. */
    private static Case budget(String name, ReasonCode reason, String bad) {
        return row(name, reason, () -> csv("budgets", null, "Month,Category,Amount\n2024-01,groceries,400.00\n" + bad + "\n"),
                3, bad);
    }

    private static Case row(String name, ReasonCode reason, Supplier<FileInput> input, int line, String raw) {
        return new Case(name, reason, input, line, raw);
    }

    private static Case file(String name, ReasonCode reason, Supplier<FileInput> input) {
        return new Case(name, reason, input, Case.WHOLE_FILE, null);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- structure of a line
        c.add(generic("a line with too few columns", ReasonCode.WRONG_COLUMN_COUNT, "2024-01-05,Coffee"));
        c.add(generic("a line with too many columns", ReasonCode.WRONG_COLUMN_COUNT, "2024-01-05,Coffee,-3.50,extra"));
        c.add(hausbank("a hausbank line missing two columns", ReasonCode.WRONG_COLUMN_COUNT, "06.01.2024;06.01.2024;Miete;750,00"));
        c.add(generic("an unclosed quote", ReasonCode.UNBALANCED_QUOTE, "2024-01-05,\"Coffee,-3.50"));
        c.add(generic("a quote closed at the end of the line without a delimiter", ReasonCode.UNBALANCED_QUOTE, "2024-01-05,Coffee,\"-3.50"));
        c.add(generic("text after a closing quote", ReasonCode.STRAY_QUOTE, "2024-01-05,\"Coffee\"shop,-3.50"));
        c.add(generic("a NUL character in a line", ReasonCode.CONTROL_CHARACTERS, "2024-01-05,Cof\u0000fee,-3.50"));
        c.add(generic("an escape character in a line", ReasonCode.CONTROL_CHARACTERS, "2024-01-05,\u001B[31mCoffee,-3.50"));
        c.add(generic("a DEL character in a line", ReasonCode.CONTROL_CHARACTERS, "2024-01-05,Coffee\u007F,-3.50"));
        c.add(generic("a line longer than 4096 characters", ReasonCode.LINE_TOO_LONG, "2024-01-05," + "x".repeat(5000) + ",-3.50"));
        c.add(generic("a description longer than 500 characters", ReasonCode.FIELD_TOO_LONG, "2024-01-05," + "x".repeat(501) + ",-3.50"));

        // --- encodings
        c.add(row("an invalid UTF-8 byte in a UTF-8 file with other valid multibyte lines", ReasonCode.BAD_ENCODING,
                () -> bytes("transactions", "main-checking", withByte(GENERIC_HEADER + "\n2024-01-04,Café,-2.40\n2024-01-05,Caf#,-3.50\n",
                        StandardCharsets.UTF_8, '#', 0xE9)), 3, "2024-01-05,Caf\uFFFD,-3.50"));
        c.add(row("invalid bytes under the cardco profile that declares utf-8", ReasonCode.BAD_ENCODING,
                () -> bytes("transactions", null, withByte(CARDCO_HEADER + "\n01/05/2024,01/06/2024,Amazon,Shopping,12.00\n"
                        + "01/07/2024,01/08/2024,Caf#,Dining,5.00\n", StandardCharsets.UTF_8, '#', 0xE9)),
                3, "01/07/2024,01/08/2024,Caf\uFFFD,Dining,5.00"));
        c.add(row("an undefined windows-1252 byte 0x81 under the hausbank profile", ReasonCode.BAD_ENCODING,
                () -> bytes("transactions", null, withByte(hausbankText("06.01.2024;06.01.2024;B#ckerei;3,20;;EUR"),
                        WINDOWS_1252, '#', 0x81)), 5, "06.01.2024;06.01.2024;B\uFFFDckerei;3,20;;EUR"));

        // --- dates
        c.add(generic("an empty date", ReasonCode.MISSING_DATE, ",Coffee,-3.50"));
        c.add(generic("a date that is a word", ReasonCode.INVALID_DATE, "yesterday,Coffee,-3.50"));
        c.add(generic("a dd.mm.yyyy date in an ISO layout", ReasonCode.INVALID_DATE, "05.01.2024,Coffee,-3.50"));
        c.add(generic("an ISO date with a word glued to it", ReasonCode.INVALID_DATE, "2024-01-05x,Coffee,-3.50"));
        c.add(generic("the 29th of February in a common year", ReasonCode.IMPOSSIBLE_DATE, "2023-02-29,Coffee,-3.50"));
        c.add(generic("an ISO date with month 13", ReasonCode.IMPOSSIBLE_DATE, "2024-13-01,Coffee,-3.50"));
        c.add(hausbank("the 31st of February in a hausbank export", ReasonCode.IMPOSSIBLE_DATE, "31.02.2024;31.02.2024;Miete;750,00;;EUR"));
        c.add(hausbank("an impossible value date", ReasonCode.IMPOSSIBLE_DATE, "06.01.2024;32.01.2024;Miete;750,00;;EUR"));
        c.add(genericWith("13/13/2024 in a day-first layout has the shape but no such month", ReasonCode.IMPOSSIBLE_DATE,
                "Date,Description,Amount", "25/01/2024,Bakery,-2.40", "13/13/2024,Coffee,-3.50"));
        c.add(genericWith("a day-first date followed by a word", ReasonCode.INVALID_DATE,
                "Date,Description,Amount", "25/01/2024,Bakery,-2.40", "13/01/2024 noon,Coffee,-3.50"));
        c.add(generic("a date in 1969", ReasonCode.DATE_OUT_OF_RANGE, "1969-12-31,Coffee,-3.50"));
        c.add(generic("a date the day after the ingest date", ReasonCode.DATE_OUT_OF_RANGE, "2026-11-22,Coffee,-3.50"));

        // --- amounts
        c.add(generic("1.234,56 in a point-decimal layout", ReasonCode.DECIMAL_SEPARATOR_MISMATCH, "2024-01-05,TV,\"-1.234,56\""));
        c.add(generic("12,50 in a point-decimal layout", ReasonCode.DECIMAL_SEPARATOR_MISMATCH, "2024-01-05,Lunch,\"12,50\""));
        c.add(hausbank("1,234.56 in the comma-decimal hausbank layout", ReasonCode.DECIMAL_SEPARATOR_MISMATCH,
                "06.01.2024;06.01.2024;TV;1,234.56;;EUR"));
        c.add(hausbank("(750,00) in a profile without parentheses", ReasonCode.UNEXPECTED_NEGATIVE_FORMAT,
                "06.01.2024;06.01.2024;Miete;(750,00);;EUR"));
        c.add(cardco("5.00- in the cardco layout that allows only parentheses", ReasonCode.UNEXPECTED_NEGATIVE_FORMAT,
                "01/07/2024,01/08/2024,Refund,Shopping,5.00-"));
        c.add(generic("a 21-digit amount", ReasonCode.AMOUNT_OUT_OF_RANGE, "2024-01-05,Lottery,100000000000000000000"));
        c.add(generic("an amount of one hundred million", ReasonCode.AMOUNT_OUT_OF_RANGE, "2024-01-05,House,100000000.00"));
        c.add(generic("the amount abc", ReasonCode.INVALID_AMOUNT, "2024-01-05,Lunch,abc"));
        c.add(generic("the amount 12..5", ReasonCode.INVALID_AMOUNT, "2024-01-05,Lunch,12..5"));
        c.add(generic("the amount 1e5", ReasonCode.INVALID_AMOUNT, "2024-01-05,Lunch,1e5"));
        c.add(generic("the amount NaN", ReasonCode.INVALID_AMOUNT, "2024-01-05,Lunch,NaN"));
        c.add(generic("the amount 12.", ReasonCode.INVALID_AMOUNT, "2024-01-05,Lunch,12."));
        c.add(generic("an empty amount", ReasonCode.MISSING_AMOUNT, "2024-01-05,Lunch,"));
        c.add(hausbank("empty debit and credit", ReasonCode.MISSING_AMOUNT, "06.01.2024;06.01.2024;Miete;;;EUR"));
        c.add(hausbank("both debit and credit filled", ReasonCode.BOTH_DEBIT_AND_CREDIT, "06.01.2024;06.01.2024;Miete;750,00;10,00;EUR"));
        c.add(generic("an amount with three decimals in EUR", ReasonCode.TOO_MANY_DECIMALS, "2024-01-05,Fuel,12.345"));

        // --- accounts and currencies
        c.add(genericWith("a row naming another configured account than its folder", ReasonCode.UNKNOWN_ACCOUNT,
                "Date,Description,Amount,Account", "2024-01-04,Bakery,-2.40,main-checking", "2024-01-05,Coffee,-3.50,savings"));
        c.add(row("a QIF investment record that moves shares, no cash", ReasonCode.UNSUPPORTED_RECORD,
                () -> csv("transactions", "main-checking", "!Type:Bank\nD01/05/2024\nT-3.50\nPCoffee\n^\n!Type:Invst\n"
                        + "D01/06/2024\nNShrsIn\nYACME\nQ10\n^\n"), 7, "D01/06/2024\nNShrsIn\nYACME\nQ10"));
        c.add(row("an MT940 entry whose :61: carries no amount", ReasonCode.INVALID_AMOUNT,
                () -> csv("transactions", "main-checking", ":20:STARTUMS\n:25:50010517/5407324931\n:60F:C240101EUR100,00\n"
                        + ":61:2401050105DR12,50NMSCNONREF\n:86:?20Coffee\n:61:2401060106DRNMSCNONREF\n:86:?20Tea\n"
                        + ":62F:C240106EUR87,50\n-\n"), 6, ":61:2401060106DRNMSCNONREF\n:86:?20Tea"));
        c.add(genericWith("a declined card payment", ReasonCode.NOT_BOOKED,
                "Date,Description,Amount,Status", "2024-01-04,Bakery,-2.40,Completed", "2024-01-05,Coffee,-3.50,Declined"));
        c.add(genericWith("the currency XYZ", ReasonCode.UNKNOWN_CURRENCY,
                "Date,Description,Amount,Currency", "2024-01-04,Bakery,-2.40,EUR", "2024-01-05,Coffee,-3.50,XYZ"));
        c.add(genericWith("the currency EURO", ReasonCode.UNKNOWN_CURRENCY,
                "Date,Description,Amount,Currency", "2024-01-04,Bakery,-2.40,EUR", "2024-01-05,Coffee,-3.50,EURO"));
        c.add(genericWith("USD in a EUR account", ReasonCode.CURRENCY_MISMATCH,
                "Date,Description,Amount,Currency", "2024-01-04,Bakery,-2.40,EUR", "2024-01-05,Coffee,-3.50,USD"));
        c.add(hausbank("CHF in the EUR hausbank account", ReasonCode.CURRENCY_MISMATCH, "06.01.2024;06.01.2024;Zermatt;30,00;;CHF"));

        // --- spreadsheet formula payloads
        c.add(generic("a =HYPERLINK formula", ReasonCode.FORMULA_PAYLOAD, "2024-01-05,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-3.50"));
        c.add(generic("a +cmd DDE payload", ReasonCode.FORMULA_PAYLOAD, "2024-01-05,+cmd|' /C calc'!A0,-3.50"));
        c.add(generic("a -2+3+cmd DDE payload", ReasonCode.FORMULA_PAYLOAD, "2024-01-05,-2+3+cmd|' /C calc'!A0,-3.50"));
        c.add(generic("an @SUM payload", ReasonCode.FORMULA_PAYLOAD, "2024-01-05,@SUM(1+1)*cmd|' /C calc'!A0,-3.50"));
        c.add(generic("a formula behind leading spaces", ReasonCode.FORMULA_PAYLOAD, "2024-01-05,\"   =1+1\",-3.50"));
        c.add(generic("a full-width equals sign formula", ReasonCode.FORMULA_PAYLOAD, "2024-01-05,\uFF1DHYPERLINK(\"\"),-3.50"));
        c.add(hausbank("a formula in a hausbank purpose", ReasonCode.FORMULA_PAYLOAD, "06.01.2024;06.01.2024;=WEBSERVICE(\"http://x\");1,00;;EUR"));

        // --- OFX transactions
        c.add(ofx("an OFX transaction dated 20240231", ReasonCode.IMPOSSIBLE_DATE, "5407324931", "EUR",
                stmttrn("20240231", "-3.50", "F2", "Coffee")));
        c.add(ofx("an OFX transaction without DTPOSTED", ReasonCode.MISSING_DATE, "5407324931", "EUR",
                stmttrn(null, "-3.50", "F2", "Coffee")));
        c.add(ofx("an OFX transaction whose DTPOSTED is not a date", ReasonCode.INVALID_DATE, "5407324931", "EUR",
                stmttrn("2024-01-06", "-3.50", "F2", "Coffee")));
        c.add(ofx("an OFX transaction without TRNAMT", ReasonCode.MISSING_AMOUNT, "5407324931", "EUR",
                stmttrn("20240106", null, "F2", "Coffee")));
        c.add(ofx("an OFX transaction after the ingest date", ReasonCode.DATE_OUT_OF_RANGE, "5407324931", "EUR",
                stmttrn("20270101", "-3.50", "F2", "Coffee")));
        c.add(ofx("an OFX NAME holding a formula", ReasonCode.FORMULA_PAYLOAD, "5407324931", "EUR",
                stmttrn("20240106", "-3.50", "F2", "=HYPERLINK(\"http://x\",\"y\")")));
        c.add(ofxStatement("an OFX statement in USD for a EUR account", ReasonCode.CURRENCY_MISMATCH, "5407324931", "USD",
                stmttrn("20240106", "-3.50", "F2", "Coffee")));

        // --- budgets and balances
        c.add(budget("a budget for month 2024-13", ReasonCode.INVALID_MONTH, "2024-13,dining,100.00"));
        c.add(budget("a budget for the month January", ReasonCode.INVALID_MONTH, "January,dining,100.00"));
        c.add(budget("a budget for an unknown category", ReasonCode.UNKNOWN_CATEGORY, "2024-01,yachts,100.00"));
        c.add(row("an ECB rate that is not a number", ReasonCode.INVALID_RATE,
                () -> csv("fx_rates", null, "Date,USD,\n2024-01-05,1.0921,\n2024-01-04,1.09x4,\n"), 3, "2024-01-04,1.09x4,"));
        c.add(budget("a negative budget", ReasonCode.NEGATIVE_BUDGET, "2024-01,dining,-50.00"));
        c.add(budget("a second budget for the same month and category", ReasonCode.DUPLICATE_KEY, "2024-01,Groceries,450.00"));
        c.add(budget("a budget without a category", ReasonCode.MISSING_FIELD, "2024-01,,100.00"));
        c.add(budget("a budget without a month", ReasonCode.MISSING_FIELD, ",dining,100.00"));
        c.add(budget("a budget without an amount", ReasonCode.MISSING_AMOUNT, "2024-02,dining,"));
        c.add(row("a second balance for the same account and date", ReasonCode.DUPLICATE_KEY,
                () -> csv("balances", "savings", "Date,Balance\n2024-01-31,1000.00\n2024-01-31,1010.00\n"), 3, "2024-01-31,1010.00"));

        // --- whole files
        c.add(file("an empty file", ReasonCode.EMPTY_FILE, () -> csv("transactions", "main-checking", "")));
        c.add(file("a file of blank lines only", ReasonCode.EMPTY_FILE, () -> csv("transactions", "main-checking", "\n  \r\n\t\n")));
        c.add(file("a header-only file in an inferred layout", ReasonCode.HEADER_ONLY,
                () -> csv("transactions", "main-checking", GENERIC_HEADER + "\n\n")));
        c.add(file("a header-only cardco file", ReasonCode.HEADER_ONLY, () -> csv("transactions", null, CARDCO_HEADER + "\n")));
        c.add(file("a hausbank file with a preamble, header and footer but no rows", ReasonCode.HEADER_ONLY,
                () -> encoded("transactions", null, "Kontonummer;5407324931\n" + HAUSBANK_HEADER + "\nKontostand;;;;0,00;EUR\n",
                        WINDOWS_1252)));
        c.add(file("an unknown layout", ReasonCode.UNKNOWN_LAYOUT,
                () -> csv("transactions", "main-checking", "foo,bar,baz\n1,2,3\n4,5,6\n")));
        c.add(file("a recognised header whose date column holds no dates", ReasonCode.UNKNOWN_LAYOUT,
                () -> csv("transactions", "main-checking", GENERIC_HEADER + "\nsoon,Coffee,-3.50\nlater,Tea,-2.00\n")));
        c.add(file("a transactions header without an amount column", ReasonCode.MISSING_REQUIRED_COLUMN,
                () -> csv("transactions", "main-checking", "Date,Description,Notes\n2024-01-05,Coffee,tasty\n")));
        c.add(file("a budgets header without a category column", ReasonCode.MISSING_REQUIRED_COLUMN,
                () -> csv("budgets", null, "Month,Amount\n2024-01,100.00\n")));
        c.add(file("dates that fit both dd/mm and mm/dd", ReasonCode.AMBIGUOUS_DATE_FORMAT,
                () -> csv("transactions", "main-checking", GENERIC_HEADER + "\n01/02/2024,Coffee,-3.50\n03/04/2024,Tea,-2.00\n")));
        c.add(file("a file in one account's folder naming another account", ReasonCode.UNKNOWN_ACCOUNT_FILE,
                () -> csv("transactions", "main-checking", "Konto;DE02120300000000202051\n" + GENERIC_HEADER + "\n"
                        + GOOD_ROW + "\n")));
        c.add(file("a binary file of mostly NUL bytes", ReasonCode.NOT_TEXT,
                () -> bytes("transactions", "main-checking", startingWith(new byte[]{'D', 'a', 't', 'e', 1, 2, 3}, 0, 200))));
        c.add(file("an xlsx (zip) file", ReasonCode.UNSUPPORTED_FORMAT,
                () -> bytes("transactions", "main-checking", startingWith(new byte[]{0x50, 0x4B, 0x03, 0x04, 0x14, 0x00}, 'x', 64))));
        c.add(file("a legacy xls (OLE2) file", ReasonCode.UNSUPPORTED_FORMAT,
                () -> bytes("transactions", "main-checking", startingWith(new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}, 0, 64))));
        c.add(file("a PDF statement", ReasonCode.UNSUPPORTED_FORMAT,
                () -> bytes("transactions", "main-checking", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n".getBytes(StandardCharsets.US_ASCII))));
        c.add(file("an OFX file of garbage", ReasonCode.INVALID_OFX,
                () -> csv("transactions", null, "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><<<garbage>>>\n<STMTTRN> ???\n")));
        c.add(file("a truncated OFX file", ReasonCode.INVALID_OFX, () -> {
            String whole = ofxSgml("5407324931", "EUR", stmttrn("20240105", "-12.50", "F1", "REWE"),
                    stmttrn("20240106", "-3.50", "F2", "Coffee"));
            return csv("transactions", null, whole.substring(0, whole.indexOf("<FITID>F2")));
        }));
        c.add(file("a CAMT statement cut off in the middle of an entry", ReasonCode.INVALID_XML,
                () -> csv("transactions", "main-checking", "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:"
                        + "tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt><Stmt><Acct><Id><IBAN>DE44500105175407324931</IBAN></Id>"
                        + "</Acct>\n<Ntry><Amt Ccy=\"EUR\">12.50</Amt><CdtDbtInd>DBIT</Cdt\n")));
        c.add(camt("a CAMT entry that says neither credit nor debit", ReasonCode.MISSING_CREDIT_DEBIT,
                "<Ntry><Amt Ccy=\"EUR\">12.50</Amt><Sts>BOOK</Sts><BookgDt><Dt>2024-01-06</Dt></BookgDt></Ntry>",
                "Amt=12.50 Sts=BOOK Dt=2024-01-06"));
        c.add(file("an ISO 20022 payment order (pain.001) instead of a statement", ReasonCode.NOT_A_STATEMENT,
                () -> csv("transactions", null, "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
                        + "pain.001.001.03\">\n<CstmrCdtTrfInitn><GrpHdr><MsgId>P1</MsgId></GrpHdr></CstmrCdtTrfInitn>\n</Document>\n")));
        c.add(file("an OFX document whose tags nest thousands deep after a transaction", ReasonCode.NESTING_TOO_DEEP,
                () -> csv("transactions", null, ofxSgml("5407324931", "EUR", stmttrn("20240105", "-12.50", "F1", "REWE"),
                        "<DEEP>\n".repeat(5000)))));
        c.add(file("an OFX document without a statement", ReasonCode.OFX_NO_STATEMENT, () -> csv("transactions", null, """
                OFXHEADER:100
                DATA:OFXSGML
                VERSION:102

                <OFX>
                <SIGNONMSGSRSV1>
                <SONRS>
                <STATUS>
                <CODE>0
                <SEVERITY>INFO
                </STATUS>
                <DTSERVER>20240110
                <LANGUAGE>ENG
                </SONRS>
                </SIGNONMSGSRSV1>
                </OFX>
                """)));
        c.add(file("a file over the size limit", ReasonCode.FILE_TOO_LARGE,
                () -> bytes("transactions", "main-checking", new byte[(int) FileParser.MAX_FILE_BYTES + 1])));
        return c;
    }

    static Stream<Arguments> malformedInputs() {
        return cases().stream().map(c -> Arguments.of(Named.of(c.name() + " -> " + c.reason(), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInputs")
    void each_malformed_input_gets_its_exact_reason(Case c) {
        ParsedFile parsed = parse(c.input().get());
        FileReport report = parsed.report();
        String name = c.name() + ": ";
        assertTrue(report.conserves(), name + "rows and lines add up: " + report);
        if (c.fileLevel()) {
            assertAll(
                    () -> assertEquals(FileReport.REJECTED, report.status(), name + "status"),
                    () -> assertEquals(c.reason().name(), report.fileReason(), name + "file reason"),
                    () -> assertEquals(0, report.rowsValid(), name + "no valid rows"),
                    () -> assertTrue(parsed.rejections().stream().allMatch(r -> r.reason() == c.reason()),
                            name + "every quarantined line carries the file's reason: " + parsed.rejections()));
        } else {
            assertEquals(1, parsed.rejections().size(), name + "exactly the bad row is quarantined: " + parsed.rejections());
            Rejection rejection = parsed.rejections().get(0);
            assertAll(
                    () -> assertEquals(report.rowsRead() > 1 ? FileReport.PARTLY : FileReport.REJECTED, report.status(),
                            name + "status: partly beside good rows, rejected (never ingested) when it is the only row"),
                    () -> assertNull(report.fileReason(), name + "no file reason"),
                    () -> assertEquals(c.reason(), rejection.reason(), name + "reason, detail: " + rejection.detail()),
                    () -> assertEquals(c.line(), rejection.lineNumber(), name + "line number"),
                    () -> assertEquals(c.raw(), rejection.rawText(), name + "raw text kept"),
                    () -> assertEquals(1, report.quarantinedByReason().get(c.reason().name()), name + "report by reason"),
                    () -> assertEquals(report.rowsRead() - 1, report.rowsValid(), name + "the good rows around it stay valid"));
        }
    }

    @Test
    void every_reason_code_is_exercised_by_some_case() {
        Set<ReasonCode> covered = cases().stream().map(Case::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(ReasonCode.class)));
        Set<ReasonCode> missing = EnumSet.allOf(ReasonCode.class);
        missing.removeAll(covered);
        missing.removeAll(DECIDED_ELSEWHERE.keySet());
        assertTrue(missing.isEmpty(), "reason codes no malformed-input case exercises: " + missing);
        for (ReasonCode code : DECIDED_ELSEWHERE.keySet()) {
            assertTrue(!covered.contains(code), code + " is exercised here after all; drop it from DECIDED_ELSEWHERE");
        }
    }

    @Test
    void case_names_are_distinct_and_there_are_at_least_65() {
        List<Case> all = cases();
        Set<String> names = new HashSet<>();
        all.forEach(c -> assertTrue(names.add(c.name()), "duplicate case name: " + c.name()));
        assertTrue(all.size() >= 65, "only " + all.size() + " cases");
    }

    @Test
    void file_level_cases_use_file_scoped_codes_and_row_cases_row_scoped_ones() {
        for (Case c : cases()) {
            ReasonCode.Scope expected = c.fileLevel() ? ReasonCode.Scope.FILE : ReasonCode.Scope.ROW;
            assertEquals(expected, c.reason().scope(), c.name());
        }
    }

    @Test
    void an_unknown_layout_quarantines_every_non_blank_line_with_its_number_and_text() {
        ParsedFile parsed = parse(csv("transactions", "main-checking", "foo,bar\n\n1,2\n"));
        assertEquals(List.of(new Rejection(1, "foo,bar", ReasonCode.UNKNOWN_LAYOUT, "no profile matched, no header was recognised and no column reads as dates and amounts"),
                new Rejection(3, "1,2", ReasonCode.UNKNOWN_LAYOUT, "no profile matched, no header was recognised and no column reads as dates and amounts")), parsed.rejections());
        assertEquals(Map.of("blank", 1), parsed.report().linesSkipped());
    }

    @Test
    void a_debit_and_a_credit_on_one_line_is_quarantined() {
        ParsedFile parsed = parse(csv("transactions", "main-checking",
                "Date,Description,Debit,Credit\n2024-01-05,Swap,10.00,10.00\n2024-01-06,Zeroes,0.00,0.00\n"));
        assertEquals(ReasonCode.BOTH_DEBIT_AND_CREDIT, parsed.rejections().get(0).reason());
        assertEquals(1, parsed.rejections().size(), "zero in both columns is a zero amount, not both filled");
    }

    @Test
    void a_binary_file_says_not_text_and_keeps_no_rows() {
        FileReport report = parse(bytes("transactions", "main-checking", new byte[]{0, 1, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0})).report();
        assertEquals(ReasonCode.NOT_TEXT.name(), report.fileReason());
        assertEquals(0, report.rowsRead());
    }

    /** Inputs that look like the malformed ones above but are fine. */
    static Stream<Arguments> lookalikes() {
        return Stream.of(
                Arguments.of(Named.of("a description starting with -", csv("transactions", "main-checking",
                        GENERIC_HEADER + "\n2024-01-05,-ATM withdrawal,-20.00\n"))),
                Arguments.of(Named.of("a description starting with @", csv("transactions", "main-checking",
                        GENERIC_HEADER + "\n2024-01-05,@Home store,-9.99\n"))),
                Arguments.of(Named.of("a description starting with + (a phone number)", csv("transactions", "main-checking",
                        GENERIC_HEADER + "\n2024-01-05,+49 30 1234567 Hotline,-9.99\n"))),
                Arguments.of(Named.of("a quote inside an unquoted field", csv("transactions", "main-checking",
                        GENERIC_HEADER + "\n2024-01-05,12\" pizza,-9.99\n"))),
                Arguments.of(Named.of("a UTF-8 file with a BOM", encoded("transactions", "main-checking",
                        "\uFEFF" + GENERIC_HEADER + "\n2024-01-05,Café,-3.50\n", StandardCharsets.UTF_8))),
                Arguments.of(Named.of("a UTF-16LE file with a BOM", encoded("transactions", "main-checking",
                        "\uFEFF" + GENERIC_HEADER + "\r\n2024-01-05,Café,-3.50\r\n", StandardCharsets.UTF_16LE))),
                Arguments.of(Named.of("(12.00) in the cardco layout that allows parentheses", csv("transactions", null,
                        CARDCO_HEADER + "\n01/07/2024,01/08/2024,Refund,Shopping,(12.00)\n"))),
                Arguments.of(Named.of("a date on the ingest date", csv("transactions", "main-checking",
                        GENERIC_HEADER + "\n2026-11-21,Coffee,-3.50\n"))),
                Arguments.of(Named.of("the 29th of February in a leap year", csv("transactions", "main-checking",
                        GENERIC_HEADER + "\n2024-02-29,Coffee,-3.50\n"))),
                Arguments.of(Named.of("an amount just under one hundred million", csv("transactions", "main-checking",
                        GENERIC_HEADER + "\n2024-01-05,House,-99999999.99\n"))),
                Arguments.of(Named.of("a currency written as a symbol", csv("transactions", "main-checking",
                        "Date,Description,Amount,Currency\n2024-01-05,Coffee,-3.50,€\n"))),
                Arguments.of(Named.of("a budget of zero", csv("budgets", null, "Month,Category,Amount\n2024-01,dining,0\n"))),
                Arguments.of(Named.of("two balances of one account on different days", csv("balances", "savings",
                        "Date,Balance\n2024-01-31,1000.00\n2024-02-29,-5.00\n"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookalikes")
    void a_lookalike_of_malformed_input_is_accepted(FileInput input) {
        ParsedFile parsed = parse(input);
        assertEquals(FileReport.INGESTED, parsed.report().status(), () -> parsed.report().toString());
        assertEquals(List.of(), parsed.rejections());
        assertTrue(parsed.report().rowsValid() >= 1);
        assertTrue(parsed.report().conserves());
    }
}
