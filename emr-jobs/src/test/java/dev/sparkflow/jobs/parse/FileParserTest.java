package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.BudgetRecord;
import dev.sparkflow.jobs.model.Clip;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.Rejection;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.sparkflow.jobs.parse.Fixtures.CARDCO_HEADER;
import static dev.sparkflow.jobs.parse.Fixtures.HAUSBANK_HEADER;
import static dev.sparkflow.jobs.parse.Fixtures.WINDOWS_1252;
import static dev.sparkflow.jobs.parse.Fixtures.bytes;
import static dev.sparkflow.jobs.parse.Fixtures.csv;
import static dev.sparkflow.jobs.parse.Fixtures.encoded;
import static dev.sparkflow.jobs.parse.Fixtures.ofxSgml;
import static dev.sparkflow.jobs.parse.Fixtures.ofxXml;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static dev.sparkflow.jobs.parse.Fixtures.stmttrn;
import static dev.sparkflow.jobs.parse.Fixtures.xmlTrn;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a well-formed (or mostly well-formed) file becomes: records, report, layout, encoding, account. */
class FileParserTest {

    private static List<TransactionRecord> transactions(ParsedFile parsed) {
        return parsed.records().stream().filter(r -> r instanceof TransactionRecord).map(TransactionRecord.class::cast)
                .toList();
    }

    private static BigDecimal eur(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void a_mixed_file_conserves_every_row_read() {
        ParsedFile parsed = parse(csv("transactions", "main-checking", """
                Date,Description,Amount
                2024-01-04,Bakery,-2.40
                2024-01-05,Coffee
                2024-01-06,Salary,2500.00

                2024-02-30,Cinema,-9.00
                2024-02-01,=HYPERLINK("x"),-1.00
                2024-02-02,Books,"12,50"
                2024-02-03,Rent,-750.00
                Total,,1738.20
                """));
        FileReport r = parsed.report();
        assertAll(
                () -> assertTrue(r.conserves()),
                () -> assertEquals(7, r.rowsRead()),
                () -> assertEquals(r.rowsRead(), r.rowsValid() + r.rowsQuarantined()),
                () -> assertEquals(3, r.rowsValid()),
                () -> assertEquals(4, r.rowsQuarantined()),
                () -> assertEquals(Map.of("WRONG_COLUMN_COUNT", 1, "IMPOSSIBLE_DATE", 1, "FORMULA_PAYLOAD", 1,
                        "DECIMAL_SEPARATOR_MISMATCH", 1), r.quarantinedByReason()),
                () -> assertEquals(Map.of("header", 1, "blank", 1, "footer", 1), r.linesSkipped()),
                () -> assertEquals(10, r.linesTotal()),
                () -> assertEquals(List.of("2024-01", "2024-02"), r.months()),
                () -> assertEquals(FileReport.PARTLY, r.status()),
                () -> assertEquals("main-checking", r.accountId()),
                () -> assertEquals(List.of(2, 4, 9), parsed.records().stream().map(LakeRecord::lineNumber).toList()),
                () -> assertEquals(List.of(3, 6, 7, 8), parsed.rejections().stream().map(Rejection::lineNumber).toList()));
    }

    @Test
    void a_hausbank_export_reads_windows_1252_soll_haben_and_its_preamble_account() {
        String text = """
                Kontoinhaber;Erika Müller
                Kontonummer;5407324931
                Zeitraum;01.01.2024 - 31.01.2024

                Buchungstag;Valuta;Verwendungszweck;Soll;Haben;Währung
                05.01.2024;05.01.2024;REWE Süd Bäckerei;1.012,50;;EUR
                06.01.2024;08.01.2024;Gehalt Januar;;2.500,00;EUR
                07.01.2024;07.01.2024;Straßenbahn;2,90;;EUR
                Kontostand;;;;1.484,60;EUR
                """;
        ParsedFile parsed = parse(encoded("transactions", null, text, WINDOWS_1252));
        FileReport r = parsed.report();
        List<TransactionRecord> rows = transactions(parsed);
        assertAll(
                () -> assertEquals("windows-1252", r.encoding()),
                () -> assertEquals("preamble", r.layout().details().get("account_source")),
                () -> assertEquals(new FileReport.Layout("profile", "hausbank-giro",
                        Map.of("delimiter", ";", "date_format", "dd.MM.yyyy", "decimal", ",", "account_source", "preamble")), r.layout()),
                () -> assertEquals("main-checking", r.accountId()),
                () -> assertEquals(Map.of("preamble", 3, "blank", 1, "header", 1, "footer", 1), r.linesSkipped()),
                () -> assertEquals(3, r.rowsRead()),
                () -> assertEquals(List.of(), parsed.rejections(), "the Kontostand footer is skipped, not quarantined"),
                () -> assertEquals(new TransactionRecord(6, "main-checking", LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 5),
                        eur("-1012.50"), "EUR", "REWE Süd Bäckerei", null, 1), rows.get(0)),
                () -> assertEquals(eur("2500.00"), rows.get(1).amount(), "Haben is money in"),
                () -> assertEquals(LocalDate.of(2024, 1, 8), rows.get(1).valueDate()),
                () -> assertEquals("Straßenbahn", rows.get(2).description()),
                () -> assertEquals(eur("-2.90"), rows.get(2).amount(), "Soll is money out"));
    }

    @Test
    void a_hausbank_export_resaved_as_utf8_with_bom_keeps_its_umlauts() {
        String text = "\uFEFFKontonummer;5407324931\n" + HAUSBANK_HEADER + "\n05.01.2024;05.01.2024;Bäckerei;2,90;;EUR\n";
        ParsedFile parsed = parse(encoded("transactions", null, text, StandardCharsets.UTF_8));
        assertEquals("UTF-8", parsed.report().encoding());
        assertTrue(parsed.report().bom());
        assertEquals("Bäckerei", transactions(parsed).get(0).description());
    }

    @Test
    void a_hausbank_file_in_an_account_folder_needs_no_preamble() {
        ParsedFile parsed = parse(encoded("transactions", "savings",
                HAUSBANK_HEADER + "\n05.01.2024;05.01.2024;Zinsen;;1,20;EUR\n", WINDOWS_1252));
        assertEquals("savings", parsed.report().accountId());
        assertEquals(eur("1.20"), transactions(parsed).get(0).amount());
    }

    @Test
    void a_cardco_export_inverts_the_sign_and_reads_parentheses() {
        ParsedFile parsed = parse(csv("transactions", null, CARDCO_HEADER + """

                01/05/2024,01/06/2024,Amazon Marketplace,Shopping,12.00
                01/07/2024,01/08/2024,Amazon refund,Shopping,(5.00)
                01/31/2024,02/01/2024,Payment thank you,Payment,-250.00
                """));
        FileReport r = parsed.report();
        assertAll(
                () -> assertEquals("cardco-csv", r.layout().name()),
                () -> assertEquals("profile", r.layout().kind()),
                () -> assertEquals("credit-card", r.accountId(), "the profile names the account"),
                () -> assertEquals(List.of(), parsed.rejections()),
                () -> assertEquals(List.of(eur("-12.00"), eur("5.00"), eur("250.00")),
                        transactions(parsed).stream().map(TransactionRecord::amount).toList()),
                () -> assertEquals(LocalDate.of(2024, 1, 31), transactions(parsed).get(2).bookingDate(), "MM/dd/yyyy"));
    }

    @Test
    void an_unknown_but_recognisable_layout_is_inferred_and_reported() {
        ParsedFile parsed = parse(csv("transactions", "savings", """
                Posting Date;Details;Money Out;Money In
                05/01/2024;Rent;750,00;
                13/01/2024;Salary;;2.100,50
                20/01/2024;Coffee;3,20;
                """));
        FileReport.Layout layout = parsed.report().layout();
        assertAll(
                () -> assertEquals("inferred", layout.kind()),
                () -> assertNull(layout.name()),
                () -> assertEquals(";", layout.details().get("delimiter")),
                () -> assertEquals("day-month-year", layout.details().get("date_format")),
                () -> assertEquals(",", layout.details().get("decimal")),
                () -> assertEquals("Posting Date", layout.details().get("column.date")),
                () -> assertEquals("Details", layout.details().get("column.description")),
                () -> assertEquals("Money Out", layout.details().get("column.debit")),
                () -> assertEquals("Money In", layout.details().get("column.credit")),
                () -> assertEquals("3", layout.details().get("sampled_rows")),
                () -> assertEquals(List.of(eur("-750.00"), eur("2100.50"), eur("-3.20")),
                        transactions(parsed).stream().map(TransactionRecord::amount).toList()),
                () -> assertEquals(LocalDate.of(2024, 1, 5), transactions(parsed).get(0).bookingDate(), "day first"));
    }

    @Test
    void inference_reads_parentheses_as_negatives() {
        ParsedFile parsed = parse(csv("transactions", "savings", """
                Date,Description,Amount
                2024-01-05,Rent,(750.00)
                2024-01-06,Salary,2100.50
                2024-01-07,Coffee,(3.20)
                """));
        assertEquals(List.of(eur("-750.00"), eur("2100.50"), eur("-3.20")),
                transactions(parsed).stream().map(TransactionRecord::amount).toList());
    }

    @Test
    void two_identical_rows_in_one_file_are_occurrences_one_and_two() {
        ParsedFile parsed = parse(csv("transactions", "main-checking", """
                Date,Description,Amount
                2024-01-05,Coffee,-3.50
                2024-01-05,Coffee,-3.50
                2024-01-05,Tea,-3.50
                """));
        assertEquals(List.of(1, 2, 1), transactions(parsed).stream().map(TransactionRecord::occurrence).toList());
    }

    @Test
    void an_ofx_1_sgml_statement_uses_fitid_as_reference_and_maps_its_acctid() {
        ParsedFile parsed = parse(csv("transactions", null, ofxSgml("5407324931", "EUR",
                stmttrn("20240105120000[+1:CET]", "-12.50", "FIT-1", "REWE"),
                stmttrn("20240106", "2500.00", "FIT-2", "Salary"),
                stmttrn("20240106", "2500.00", "FIT-3", "Salary"))));
        FileReport r = parsed.report();
        List<TransactionRecord> rows = transactions(parsed);
        assertAll(
                () -> assertEquals(FileReport.INGESTED, r.status()),
                () -> assertEquals("ofx", r.layout().kind()),
                () -> assertEquals("ofx-1.x-sgml", r.layout().name()),
                () -> assertEquals("main-checking", r.accountId()),
                () -> assertEquals(List.of("FIT-1", "FIT-2", "FIT-3"), rows.stream().map(TransactionRecord::reference).toList()),
                () -> assertEquals(List.of(1, 1, 1), rows.stream().map(TransactionRecord::occurrence).toList(),
                        "different FITIDs are different transactions"),
                () -> assertEquals(eur("-12.50"), rows.get(0).amount()),
                () -> assertEquals(LocalDate.of(2024, 1, 5), rows.get(0).bookingDate()),
                () -> assertEquals("EUR", rows.get(0).currency()),
                () -> assertTrue(r.conserves()));
    }

    @Test
    void an_ofx_statement_counts_each_stmttrn_as_a_row_and_every_other_line_as_markup() {
        String document = ofxSgml("5407324931", "EUR", stmttrn("20240105", "-12.50", "F1", "REWE"),
                stmttrn("20240231", "-3.50", "F2", "Coffee"));
        FileReport r = parse(csv("transactions", null, document)).report();
        int lines = (int) document.lines().count();
        assertAll(
                () -> assertEquals(lines, r.linesTotal()),
                () -> assertEquals(Map.of("markup", lines - 3), r.linesSkipped(), "two STMTTRN and LEDGERBAL are rows"),
                () -> assertEquals(Map.of("transactions", 1, "balances", 1), r.rowsValidByDataset()),
                () -> assertEquals(1, r.rowsQuarantined()),
                () -> assertEquals(FileReport.PARTLY, r.status()),
                () -> assertTrue(r.conserves()));
    }

    @Test
    void a_one_line_ofx_document_counts_its_line_once_per_transaction() {
        String document = ofxXml("4000123412341234", xmlTrn("20240105", "-42.00", "X1", "Netflix", null),
                xmlTrn("20240106", "-1.00", "X2", "Kiosk", null), xmlTrn("20240107", "-2.00", "X3", "Bakery", null))
                .replace("\n", "");
        FileReport r = parse(csv("transactions", null, document)).report();
        assertAll(
                () -> assertEquals(4, r.rowsValid(), "three transactions and the closing balance"),
                () -> assertEquals(4, r.linesTotal(), "one physical line holding four rows"),
                () -> assertEquals(Map.of(), r.linesSkipped()),
                () -> assertTrue(r.conserves()));
    }

    @Test
    void a_stmttrn_longer_than_two_thousand_characters_keeps_its_amount() {
        String padded = "        <STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><NAME>Netflix</NAME>"
                + " ".repeat(2500) + "<TRNAMT>-42.00</TRNAMT><FITID>X1</FITID></STMTTRN>\n";
        ParsedFile parsed = parse(csv("transactions", null, ofxXml("4000123412341234", padded)));
        assertEquals(List.of(), parsed.rejections());
        assertEquals(eur("-42.00"), transactions(parsed).get(0).amount());
    }

    @Test
    void a_line_of_megabytes_is_quarantined_as_a_few_kilobytes_and_the_rows_around_it_stay() {
        String huge = "2024-01-05,\"" + "x".repeat(5_000_000) + "\",-1.00";
        ParsedFile parsed = parse(csv("transactions", "main-checking",
                "Date,Description,Amount\n2024-01-04,Bakery,-2.40\n" + huge + "\n2024-01-06,Tea,-2.00\n"));
        Rejection cut = parsed.rejections().get(0);
        assertAll(
                () -> assertEquals(2, parsed.report().rowsValid()),
                () -> assertEquals(ReasonCode.LINE_TOO_LONG, cut.reason()),
                () -> assertEquals(3, cut.lineNumber()),
                () -> assertTrue(cut.rawText().startsWith("2024-01-05,\"xxx"), cut.rawText().substring(0, 20)),
                () -> assertTrue(cut.rawText().endsWith(" …[cut: " + huge.length() + " characters in all]")),
                () -> assertTrue(cut.rawText().length() < Rejection.MAX_RAW_CHARS + 50),
                () -> assertTrue(parsed.report().conserves()));
    }

    @Test
    void a_line_of_tens_of_megabytes_in_any_format_reaches_the_quarantine_as_a_few_kilobytes() {
        String huge = "x".repeat(24_000_000);
        Map<String, String> files = Map.of(
                "CSV description", "Date,Description,Amount\n2024-01-04,Bakery,-2.40\n2024-01-05," + huge + ",-1.00\n",
                "QIF payee", "!Type:Bank\nD01/05/2024\nT-3.50\nPCoffee\n^\nD01/06/2024\nT-1.00\nP" + huge + "\n^\n",
                "MT940 :86:", ":20:STARTUMS\n:25:37050198/1002345678\n:28C:00001/001\n:60F:C250101EUR1000,00\n"
                        + ":61:2501100110DR1,00NMSCNONREF\n:86:" + huge + "\n:62F:C250131EUR999,00\n-\n",
                "OFX NAME", ofxSgml("4000123412341234", "EUR", stmttrn("20240105", "-4.00", "F1", "Tea"),
                        stmttrn("20240106", "-5.00", "F2", huge)));
        files.forEach((format, text) -> {
            ParsedFile parsed = parse(csv("transactions", "main-checking", text));
            assertFalse(parsed.rejections().isEmpty(), format + ": the huge line is quarantined");
            for (Rejection r : parsed.rejections()) {
                assertTrue(r.rawText() == null || r.rawText().length() <= Rejection.MAX_RAW_CHARS + 60,
                        format + ": raw text of " + r.rawText().length() + " characters");
                assertTrue(r.detail() == null || r.detail().length() <= Clip.MAX_DETAIL_CHARS + 60,
                        format + ": detail of " + r.detail().length() + " characters");
            }
            assertTrue(parsed.report().conserves(), format);
        });
    }

    @Test
    void a_file_that_is_not_text_counts_its_lines_as_rejected_file() {
        FileReport r = parse(Fixtures.bytes("transactions", "main-checking",
                new byte[]{0x1F, (byte) 0x8B, 8, 0, '\n', 1, 2, '\n', 3})).report();
        assertAll(
                () -> assertEquals(ReasonCode.UNSUPPORTED_FORMAT.name(), r.fileReason()),
                () -> assertEquals(FileReport.REJECTED, r.status()),
                () -> assertEquals(3, r.linesTotal()),
                () -> assertEquals(Map.of("rejected_file", 3), r.linesSkipped()),
                () -> assertTrue(r.conserves()));
    }

    @Test
    void a_file_in_no_known_format_is_rejected_whole_naming_what_it_looks_like() {
        Map<String, String> files = Map.of(
                "[{\"date\": \"2026-01-02\", \"amount\": -4.5}]\n", "JSON",
                "<!DOCTYPE html>\n<html><body><table><tr><td>01.02.2026</td></tr></table></body></html>\n", "HTML page",
                "<?xml version=\"1.0\"?>\n<Transactions xmlns=\"http://bank.example/export\">\n<T/>\n</Transactions>\n",
                "XML document <Transactions> (http://bank.example/export)");
        files.forEach((text, named) -> {
            FileReport r = parse(csv("transactions", null, text)).report();
            assertAll(named,
                    () -> assertEquals(ReasonCode.UNSUPPORTED_FORMAT.name(), r.fileReason()),
                    () -> assertTrue(r.fileDetail().contains(named), r.fileDetail()),
                    () -> assertTrue(r.conserves()));
        });
        FileReport xlsx = parse(Fixtures.bytes("transactions", null, new byte[]{0x50, 0x4B, 0x03, 0x04, 0, 0})).report();
        assertTrue(xlsx.fileDetail().contains(".xlsx"), xlsx.fileDetail());
    }

    @Test
    void an_ofx_2_xml_card_statement_parses_with_fitid_and_acctid() {
        ParsedFile parsed = parse(csv("transactions", null, ofxXml("4000123412341234",
                xmlTrn("20240105", "-42.00", "X1", "Netflix", null),
                xmlTrn("20240107", "5.00", "X2", "Refund", "Amazon"))));
        List<TransactionRecord> rows = transactions(parsed);
        assertAll(
                () -> assertEquals("ofx-2.x-xml", parsed.report().layout().name()),
                () -> assertEquals("credit-card", parsed.report().accountId()),
                () -> assertEquals(List.of("X1", "X2"), rows.stream().map(TransactionRecord::reference).toList()),
                () -> assertEquals(List.of(eur("-42.00"), eur("5.00")), rows.stream().map(TransactionRecord::amount).toList()),
                () -> assertEquals("Refund / Amazon", rows.get(1).description()));
    }

    @Test
    void an_ofx_statement_with_an_unknown_acctid_in_an_account_folder_takes_the_folder() {
        ParsedFile parsed = parse(csv("transactions", "savings", ofxSgml("999", "EUR", stmttrn("20240105", "-1.00", "F", "x"))));
        assertEquals("savings", transactions(parsed).get(0).accountId());
    }

    @Test
    void a_utf8_bom_is_dropped_before_the_header_is_recognised() {
        ParsedFile parsed = parse(encoded("transactions", "main-checking",
                "\uFEFFDate,Description,Amount\n2024-01-05,Café,-3.50\n", StandardCharsets.UTF_8));
        assertTrue(parsed.report().bom());
        assertEquals("UTF-8", parsed.report().encoding());
        assertEquals("Date", parsed.report().layout().details().get("column.date"));
        assertEquals("Café", transactions(parsed).get(0).description());
    }

    @Test
    void crlf_and_lone_cr_line_endings_give_the_same_rows() {
        String lf = "Date,Description,Amount\n2024-01-05,Coffee,-3.50\n2024-01-06,Tea,-2.00\n";
        List<TransactionRecord> expected = transactions(parse(csv("transactions", "main-checking", lf)));
        assertEquals(2, expected.size());
        assertEquals(expected, transactions(parse(csv("transactions", "main-checking", lf.replace("\n", "\r\n")))));
        assertEquals(expected, transactions(parse(csv("transactions", "main-checking", lf.replace("\n", "\r")))));
    }

    @Test
    void a_trailing_delimiter_on_every_line_is_not_an_extra_column() {
        ParsedFile withHeaderComma = parse(csv("transactions", "main-checking",
                "Date,Description,Amount,\n2024-01-05,Coffee,-3.50,\n2024-01-06,Tea,-2.00,\n"));
        ParsedFile rowsOnly = parse(csv("transactions", "main-checking",
                "Date,Description,Amount\n2024-01-05,Coffee,-3.50,\n2024-01-06,Tea,-2.00,\n"));
        ParsedFile hausbank = parse(encoded("transactions", "main-checking",
                HAUSBANK_HEADER + ";\n05.01.2024;05.01.2024;Miete;750,00;;EUR;\n", WINDOWS_1252));
        assertEquals(2, withHeaderComma.report().rowsValid(), () -> withHeaderComma.rejections().toString());
        assertEquals(2, rowsOnly.report().rowsValid(), () -> rowsOnly.rejections().toString());
        assertEquals("hausbank-giro", hausbank.report().layout().name());
        assertEquals(1, hausbank.report().rowsValid(), () -> hausbank.rejections().toString());
    }

    @Test
    void an_amount_column_with_currency_marks_and_a_time_after_the_date_is_read() {
        ParsedFile parsed = parse(csv("transactions", "main-checking", """
                Date,Description,Amount
                2024-01-05 00:00:00,Coffee,€ -3.50
                2024-01-06T10:15,Tea,-2.00 EUR
                """));
        assertEquals(List.of(eur("-3.50"), eur("-2.00")), transactions(parsed).stream().map(TransactionRecord::amount).toList());
    }

    @Test
    void a_windows_1252_file_without_a_profile_is_recognised_as_such() {
        ParsedFile parsed = parse(encoded("transactions", "main-checking",
                "Datum;Beschreibung;Betrag\n05.01.2024;Bäckerei;-2,90\n", WINDOWS_1252));
        assertEquals("windows-1252", parsed.report().encoding());
        assertEquals("Bäckerei", transactions(parsed).get(0).description());
    }

    @Test
    void a_gb18030_alipay_export_with_a_chinese_preamble_gives_rows_with_their_chinese_descriptions() {
        // Layout inference knows no Chinese header names yet, so the header row is in English.
        String text = """
                支付宝交易记录明细查询
                账号:[20885020]
                起始日期:[2024-01-01 00:00:00]    终止日期:[2024-02-01 00:00:00]
                ---------------------------------交易记录明细列表------------------------------------
                Date,Description,Amount
                2024-01-05,美团外卖 午餐,-35.50
                2024-01-06,星巴克咖啡,-32.00
                2024-01-08,工资,8500.00
                """;
        ParsedFile parsed = parse(encoded("transactions", "main-checking", text, Charset.forName("GB18030")));
        FileReport r = parsed.report();
        assertAll(
                () -> assertEquals("GB18030", r.encoding()),
                () -> assertEquals(FileReport.INGESTED, r.status()),
                () -> assertEquals(Map.of("preamble", 4, "header", 1), r.linesSkipped()),
                () -> assertEquals(List.of(), parsed.rejections()),
                () -> assertEquals(List.of("美团外卖 午餐", "星巴克咖啡", "工资"),
                        transactions(parsed).stream().map(TransactionRecord::description).toList()),
                () -> assertEquals(List.of(eur("-35.50"), eur("-32.00"), eur("8500.00")),
                        transactions(parsed).stream().map(TransactionRecord::amount).toList()));
    }

    @Test
    void a_nul_padded_export_is_ingested_and_its_padding_reported() {
        byte[] text = ("Date,Description,Amount\n2024-01-05,Café,-3.50\n2024-01-06,Thé,-2.00\n")
                .getBytes(StandardCharsets.UTF_8);
        ParsedFile parsed = parse(bytes("transactions", "main-checking", Arrays.copyOf(text, text.length + 2048)));
        FileReport r = parsed.report();
        assertAll(
                () -> assertEquals(FileReport.INGESTED, r.status()),
                () -> assertEquals(2048, r.nulPaddingBytes()),
                () -> assertEquals(3, r.linesTotal(), "the padding is no line"),
                () -> assertEquals(2, r.rowsValid()),
                () -> assertEquals(List.of("Café", "Thé"), transactions(parsed).stream().map(TransactionRecord::description).toList()));
    }

    @Test
    void a_budget_file_gives_one_record_per_month_and_category() {
        ParsedFile parsed = parse(csv("budgets", null, """
                Month,Category,Amount,Currency
                2024-01,Groceries,400.00,EUR
                02/2024,dining,120,EUR
                """));
        assertEquals(List.of(new BudgetRecord(2, LocalDate.of(2024, 1, 1), "groceries", eur("400.00"), "EUR"),
                new BudgetRecord(3, LocalDate.of(2024, 2, 1), "dining", eur("120.00"), "EUR")), parsed.records());
        assertNull(parsed.report().accountId(), "budgets belong to no account");
    }

    @Test
    void a_balance_file_with_an_account_column_reads_each_row_for_its_account() {
        ParsedFile parsed = parse(csv("balances", null, """
                Date,Account,Balance
                2024-01-31,savings,10000.00
                2024-01-31,credit-card,-420.50
                """));
        assertEquals(List.of(new BalanceRecord(2, "savings", LocalDate.of(2024, 1, 31), eur("10000.00"), "EUR"),
                new BalanceRecord(3, "credit-card", LocalDate.of(2024, 1, 31), eur("-420.50"), "EUR")), parsed.records());
    }

    @Test
    void the_report_echoes_the_input_identity() {
        FileInput input = csv("transactions", "main-checking", "Date,Description,Amount\n2024-01-05,Coffee,-3.50\n");
        FileReport r = parse(input).report();
        assertAll(
                () -> assertEquals(input.sourceFile(), r.sourceFile()),
                () -> assertEquals("transactions", r.dataset()),
                () -> assertEquals(input.sha256(), r.sha256()),
                () -> assertEquals(input.bytes().length, r.bytes()),
                () -> assertFalse(r.bom()));
    }

    @Test
    void parsing_is_deterministic() {
        FileInput input = csv("transactions", "main-checking", "Date,Description,Amount\n2024-01-05,Coffee,-3.50\n2024-01-05,Coffee,-3.50\n");
        assertEquals(parse(input), parse(input));
    }

    @Test
    void a_header_only_inferred_file_reports_its_layout_and_skips_the_header() {
        FileReport r = parse(csv("transactions", "main-checking", "Date,Description,Amount\n")).report();
        assertEquals(ReasonCode.HEADER_ONLY.name(), r.fileReason());
        assertEquals("inferred", r.layout().kind());
        assertEquals(Map.of("header", 1), r.linesSkipped());
        assertEquals(0, r.rowsRead());
    }
}
