package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.Rejection;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static dev.sparkflow.jobs.parse.Fixtures.csv;
import static dev.sparkflow.jobs.parse.Fixtures.encoded;
import static dev.sparkflow.jobs.parse.Fixtures.lineOf;
import static dev.sparkflow.jobs.parse.Fixtures.ofxSgml;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static dev.sparkflow.jobs.parse.Fixtures.stmttrn;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OFX reader on the faults real bank exports have: each file must read, row for row, or fail for a reason. */
class OfxFileParserTest {
    private static final String HEADER = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
            + "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";
    private static final String SIGNON = "<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
            + "<DTSERVER>20260410120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n";

    private static ParsedFile read(String document) {
        return parse(csv("transactions", null, document));
    }

    private static List<TransactionRecord> rows(ParsedFile parsed) {
        return parsed.records().stream().filter(r -> r instanceof TransactionRecord).map(TransactionRecord.class::cast)
                .toList();
    }

    private static List<String> amounts(ParsedFile parsed) {
        return rows(parsed).stream().map(r -> r.amount().toPlainString()).toList();
    }

    /** A bank statement (CURDEF {@code currency}, ACCTID {@code acctId}) whose list holds {@code list}, then {@code after}. */
    private static String bank(String acctId, String currency, String list, String after) {
        return "<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n<STMTRS>\n" + currency + "<BANKACCTFROM>\n<BANKID>121000358\n"
                + "<ACCTID>" + acctId + "\n<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n<BANKTRANLIST>\n<DTSTART>20260301\n"
                + "<DTEND>20260331\n" + list + "</BANKTRANLIST>\n" + after + "<LEDGERBAL>\n<BALAMT>100.00\n"
                + "<DTASOF>20260331\n</LEDGERBAL>\n</STMTRS>\n</STMTTRNRS>\n</BANKMSGSRSV1>\n";
    }

    private static String trn(String date, String amount, String fitId, String name) {
        return stmttrn(date, amount, fitId, name);
    }

    @Test
    void a_missing_closing_banktranlist_loses_no_row() {
        String document = HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n",
                trn("20260302", "-12.50", "A1", "SHOP") + trn("20260303", "-7.25", "A2", "CAFE"), "")
                .replace("</BANKTRANLIST>\n", "") + "</OFX>\n";
        ParsedFile parsed = read(document);
        assertAll(
                () -> assertEquals(List.of("-12.50", "-7.25"), amounts(parsed)),
                () -> assertEquals(FileReport.INGESTED, parsed.report().status()),
                () -> assertEquals("acct-0416", parsed.report().accountId()),
                () -> assertTrue(parsed.report().conserves()));
    }

    @Test
    void a_stmttrn_after_the_list_or_after_the_statement_is_a_row_of_that_statement() {
        String late = trn("20260310", "40.00", "B3", "REFUND");
        String orphan = trn("20260311", "-1.00", "B4", "FEE");
        String document = HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", trn("20260302", "-12.50", "B1", "SHOP"), late)
                .replace("</STMTRS>\n", "</STMTRS>\n" + orphan) + "</OFX>\n";
        ParsedFile parsed = read(document);
        List<TransactionRecord> rows = rows(parsed);
        assertAll(
                () -> assertEquals(List.of("-12.50", "40.00", "-1.00"), amounts(parsed)),
                () -> assertEquals(List.of(lineOf(document, "<STMTTRN>"), lineOf(document, late), lineOf(document, orphan)),
                        rows.stream().map(TransactionRecord::lineNumber).toList()),
                () -> assertTrue(rows.stream().allMatch(r -> r.accountId().equals("acct-0416") && r.currency().equals("USD"))),
                () -> assertTrue(parsed.report().conserves()));
    }

    @Test
    void an_empty_bankid_and_a_header_without_its_blank_line_read() {
        String document = HEADER.replace("\n\n", "\n") + SIGNON + bank("7391850416", "<CURDEF>USD\n",
                trn("20260302", "-12.50", "C1", "SHOP"), "").replace("<BANKID>121000358\n", "<BANKID/>\n") + "</OFX>\n";
        ParsedFile parsed = read(document);
        assertEquals(List.of("-12.50"), amounts(parsed));
        assertEquals("acct-0416", rows(parsed).get(0).accountId());
    }

    @Test
    void a_bank_and_a_card_statement_in_one_file_keep_their_own_account_and_currency() {
        String card = "<CREDITCARDMSGSRSV1>\n<CCSTMTTRNRS>\n<TRNUID>2\n<CCSTMTRS>\n<CURDEF>CAD\n<CCACCTFROM>\n"
                + "<ACCTID>4520880011117788\n</CCACCTFROM>\n<BANKTRANLIST>\n" + trn("20260305", "-60.00", "D2", "HOTEL")
                + "</BANKTRANLIST>\n</CCSTMTRS>\n</CCSTMTTRNRS>\n</CREDITCARDMSGSRSV1>\n";
        String document = HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", trn("20260302", "-12.50", "D1", "SHOP"), "")
                + card + "</OFX>\n";
        ParsedFile parsed = read(document);
        List<TransactionRecord> rows = rows(parsed);
        assertAll(
                () -> assertEquals(List.of("acct-0416", "card-7788"), rows.stream().map(TransactionRecord::accountId).toList()),
                () -> assertEquals(List.of("USD", "CAD"), rows.stream().map(TransactionRecord::currency).toList()),
                () -> assertNull(parsed.report().accountId(), "two accounts: the file names none alone"),
                () -> assertEquals("2", parsed.report().layout().details().get("statements")));
    }

    @Test
    void a_statement_that_states_its_currency_in_cursym_is_in_that_currency() {
        String document = HEADER + SIGNON + bank("062000123456", "<CURSYM>AUD\n", trn("20260302", "-12.50", "E1", "SHOP"), "")
                + "</OFX>\n";
        assertEquals("AUD", rows(read(document)).get(0).currency());
    }

    @Test
    void a_row_currency_aggregate_wins_and_an_origcurrency_leaves_the_amount_in_the_statement_currency() {
        String foreign = "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20260302\n<TRNAMT>-20.00\n<FITID>F1\n<NAME>LONDON CAB\n"
                + "<CURRENCY>\n<CURRATE>1.1650\n<CURSYM>GBP\n</CURRENCY>\n</STMTTRN>\n";
        String converted = "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20260303\n<TRNAMT>-23.30\n<FITID>F2\n<NAME>PARIS CAFE\n"
                + "<ORIGCURRENCY>\n<CURRATE>0.8584\n<CURSYM>EUR\n</ORIGCURRENCY>\n</STMTTRN>\n";
        String leaf = "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260304<TRNAMT>-5.00<FITID>F3<NAME>KIOSK<CURRENCY>CHF</STMTTRN>\n";
        ParsedFile parsed = read(HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", foreign + converted + leaf, "")
                + "</OFX>\n");
        assertEquals(List.of("GBP", "USD", "CHF"), rows(parsed).stream().map(TransactionRecord::currency).toList());
        assertEquals(List.of("-20.00", "-23.30", "-5.00"), amounts(parsed));
    }

    @Test
    void an_empty_curdef_falls_back_to_the_row_currency_else_the_household_currency() {
        String aud = "<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20260302</DTPOSTED><TRNAMT>12.34</TRNAMT><FITID></FITID>"
                + "<MEMO>CBA:Transfer</MEMO><CURRENCY><CURRATE>1.0000</CURRATE><CURSYM>AUD</CURSYM></CURRENCY></STMTTRN>\n";
        String none = "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20260303</DTPOSTED><TRNAMT>-1.00</TRNAMT>"
                + "<FITID>9</FITID><MEMO>Fee</MEMO></STMTTRN>\n";
        ParsedFile parsed = read(HEADER + SIGNON + bank("12345678", "<CURDEF></CURDEF>\n", aud + none, "") + "</OFX>\n");
        List<TransactionRecord> rows = rows(parsed);
        assertAll(
                () -> assertEquals(List.of("AUD", "EUR"), rows.stream().map(TransactionRecord::currency).toList()),
                () -> assertNull(rows.get(0).reference(), "an empty FITID is no reference"),
                () -> assertEquals("CBA:Transfer", rows.get(0).description()));
    }

    @Test
    void an_unknown_curdef_quarantines_the_rows_with_the_code_written() {
        ParsedFile parsed = read(HEADER + SIGNON + bank("7391850416", "<CURDEF>XYZ\n", trn("20260302", "-1.00", "G1", "X"), "")
                + "</OFX>\n");
        Rejection r = parsed.rejections().get(0);
        assertEquals(ReasonCode.UNKNOWN_CURRENCY, r.reason());
        assertEquals("CURDEF 'XYZ'", r.detail());
    }

    @Test
    void amounts_with_a_decimal_comma_or_a_plus_sign_and_dates_with_time_and_zone_read() {
        String list = trn("20260302120000.000[-5:EST]", "-12,50", "H1", "A") + trn("20260303", "+1058,53", "H2", "B")
                + trn("20260304083000[+1:CET]", "+7.10", "H3", "C") + trn("202603051200", "-0.99", "H4", "D");
        ParsedFile parsed = read(HEADER + SIGNON + bank("7391850416", "<CURDEF>EUR\n", list, "") + "</OFX>\n");
        assertAll(
                () -> assertEquals(List.of("-12.50", "1058.53", "7.10", "-0.99"), amounts(parsed)),
                () -> assertEquals(List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 4),
                        LocalDate.of(2026, 3, 5)), rows(parsed).stream().map(TransactionRecord::bookingDate).toList()));
    }

    @Test
    void ofx_date_times_keep_their_date_part_and_reject_other_shapes() {
        assertAll(
                () -> assertEquals(LocalDate.of(2026, 3, 2), OfxFileParser.date("20260302235959.999[-8:PST]").value()),
                () -> assertEquals(LocalDate.of(2026, 3, 2), OfxFileParser.date("20260302 [0:GMT]").value()),
                () -> assertEquals(ReasonCode.INVALID_DATE, OfxFileParser.date("2026-03-02").error()),
                () -> assertEquals(ReasonCode.INVALID_DATE, OfxFileParser.date("20260302abc").error()),
                () -> assertEquals(ReasonCode.IMPOSSIBLE_DATE, OfxFileParser.date("20260230").error()));
    }

    @Test
    void ofx_amounts_read_a_comma_as_decimal_mark_and_name_what_is_wrong() {
        assertAll(
                () -> assertEquals(new BigDecimal("-1234.56"), OfxFileParser.amount("-1234,56").value()),
                () -> assertEquals(new BigDecimal("1234.56"), OfxFileParser.amount("+1.234,56").value()),
                () -> assertEquals(new BigDecimal("1234.56"), OfxFileParser.amount(" 1,234.56 ").value()),
                () -> assertEquals(ReasonCode.INVALID_AMOUNT, OfxFileParser.amount("12.3.4").error()),
                () -> assertEquals(ReasonCode.INVALID_AMOUNT, OfxFileParser.amount("abc").error()));
    }

    @Test
    void the_description_is_name_or_payee_name_then_memo_with_entities_decoded_and_no_trntype() {
        String payee = "<STMTTRN>\n<TRNTYPE>PAYMENT\n<DTPOSTED>20260302\n<TRNAMT>-80.00\n<FITID>P1\n<PAYEE>\n"
                + "<NAME>CITY WATER\n<ADDR1>1 MAIN ST\n</PAYEE>\n<MEMO>Invoice 4411\n</STMTTRN>\n";
        String escaped = "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20260303\n<TRNAMT>-1.00\n<FITID>P2\n"
                + "<NAME>TPAY &amp;lt;DEFTPYMT&amp;gt;\n<MEMO>PREAUTHORIZED DEBIT;B.C. HYDRO &amp;amp; POWER;EFT\n</STMTTRN>\n";
        String same = "<STMTTRN>\n<TRNTYPE>CHECK\n<DTPOSTED>20260304\n<TRNAMT>-5.00\n<FITID>P3\n<NAME>CHECK # 12\n"
                + "<MEMO>check # 12\n</STMTTRN>\n";
        ParsedFile parsed = read(HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", payee + escaped + same, "") + "</OFX>\n");
        assertEquals(List.of("CITY WATER / Invoice 4411", "TPAY <DEFTPYMT> / PREAUTHORIZED DEBIT;B.C. HYDRO & POWER;EFT",
                "CHECK # 12"), rows(parsed).stream().map(TransactionRecord::description).toList());
    }

    @Test
    void dtavail_is_the_value_date_when_it_differs() {
        String trn = "<STMTTRN>\n<TRNTYPE>DEP\n<DTPOSTED>20260302\n<DTAVAIL>20260304\n<TRNAMT>100.00\n<FITID>V1\n"
                + "<NAME>DEPOSIT\n</STMTTRN>\n";
        TransactionRecord row = rows(read(HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", trn, "") + "</OFX>\n")).get(0);
        assertEquals(LocalDate.of(2026, 3, 4), row.valueDate());
    }

    @Test
    void a_broken_row_is_quarantined_alone_with_its_raw_text() {
        String bad = "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20260303\n<TRNAMT></TRNAMT>\n<FITID>Q2\n<NAME>EMPTY\n</STMTTRN>\n";
        String document = HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", trn("20260302", "-1.00", "Q1", "OK") + bad, "")
                + "</OFX>\n";
        ParsedFile parsed = read(document);
        Rejection r = parsed.rejections().get(0);
        assertAll(
                () -> assertEquals(1, parsed.report().rowsValidByDataset().get("transactions")),
                () -> assertEquals(ReasonCode.MISSING_AMOUNT, r.reason()),
                () -> assertEquals(lineOf(document, bad), r.lineNumber()),
                () -> assertEquals(bad.substring(0, bad.indexOf("</STMTTRN>")).strip(), r.rawText()),
                () -> assertEquals(FileReport.PARTLY, parsed.report().status()));
    }

    @Test
    void a_file_cut_off_inside_a_statement_is_rejected_whole() {
        String whole = HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", trn("20260302", "-1.00", "T1", "A")
                + trn("20260303", "-2.00", "T2", "B"), "") + "</OFX>\n";
        ParsedFile parsed = read(whole.substring(0, whole.indexOf("<FITID>T2")));
        assertEquals(ReasonCode.INVALID_OFX.name(), parsed.report().fileReason());
        assertTrue(parsed.report().fileDetail().contains("STMTRS opened on line"), parsed.report().fileDetail());
        assertEquals(2, parsed.report().rowsQuarantined());
        assertTrue(parsed.report().conserves());
    }

    @Test
    void a_document_ending_after_its_statements_without_closing_ofx_reads() {
        String document = HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", trn("20260302", "-1.00", "U1", "A"), "");
        assertEquals(List.of("-1.00"), amounts(read(document)));
    }

    @Test
    void a_header_followed_by_no_ofx_aggregate_is_invalid_and_says_so() {
        ParsedFile parsed = read(HEADER + "<HTML><BODY>Session expired</BODY></HTML>\n");
        assertEquals(ReasonCode.INVALID_OFX.name(), parsed.report().fileReason());
        assertEquals("an OFX header but no <OFX> aggregate after it", parsed.report().fileDetail());
    }

    @Test
    void a_transaction_before_any_statement_makes_the_file_invalid() {
        String document = HEADER + SIGNON + trn("20260301", "-3.00", "W0", "LOST")
                + bank("7391850416", "<CURDEF>USD\n", trn("20260302", "-1.00", "W1", "A"), "") + "</OFX>\n";
        ParsedFile parsed = read(document);
        assertEquals(ReasonCode.INVALID_OFX.name(), parsed.report().fileReason());
        assertEquals(3, parsed.report().rowsQuarantined(), "both transactions and the statement's closing balance");
    }

    @Test
    void an_investment_statement_beside_a_bank_statement_is_read_with_it() {
        String investment = "<INVSTMTMSGSRSV1>\n<INVSTMTTRNRS>\n<TRNUID>3\n<INVSTMTRS>\n<CURDEF>USD\n<INVACCTFROM>\n"
                + "<BROKERID>broker.example.com\n<ACCTID>Z1234567\n</INVACCTFROM>\n<INVTRANLIST>\n<INVBANKTRAN>\n"
                + trn("20260302", "50.00", "I1", "DEPOSIT") + "<SUBACCTFUND>CASH\n</INVBANKTRAN>\n</INVTRANLIST>\n"
                + "</INVSTMTRS>\n</INVSTMTTRNRS>\n</INVSTMTMSGSRSV1>\n";
        ParsedFile mixed = read(HEADER + SIGNON + bank("7391850416", "<CURDEF>USD\n", trn("20260302", "-1.00", "J1", "A"), "")
                + investment + "</OFX>\n");
        assertAll(
                () -> assertEquals(List.of("-1.00", "50.00"), amounts(mixed)),
                () -> assertEquals(List.of("acct-0416", "acct-4567"), rows(mixed).stream().map(TransactionRecord::accountId).toList()),
                () -> assertEquals(1, mixed.report().rowsValidByDataset().get("balances")),
                () -> assertTrue(mixed.report().conserves()));
    }

    @Test
    void an_account_list_without_statements_is_no_statement() {
        String signup = "<SIGNUPMSGSRSV1><ACCTINFOTRNRS><ACCTINFORS><ACCTINFO><BANKACCTINFO><BANKACCTFROM>"
                + "<BANKID>314074269<ACCTID>0000000001<ACCTTYPE>SAVINGS</BANKACCTFROM></BANKACCTINFO></ACCTINFO>"
                + "</ACCTINFORS></ACCTINFOTRNRS></SIGNUPMSGSRSV1>\n";
        assertEquals(ReasonCode.OFX_NO_STATEMENT.name(), read(HEADER + SIGNON + signup + "</OFX>\n").report().fileReason());
    }

    @Test
    void a_header_charset_names_the_code_page_a_guess_cannot_tell() {
        String document = HEADER.replace("CHARSET:1252", "CHARSET:1250") + SIGNON
                + bank("7391850416", "<CURDEF>PLN\n", trn("20260302", "-9.99", "K1", "Łódź Kraków Gdańsk"), "") + "</OFX>\n";
        ParsedFile parsed = parse(encoded("transactions", null, document, Charset.forName("windows-1250")));
        assertEquals("windows-1250", parsed.report().encoding());
        assertEquals("Łódź Kraków Gdańsk", rows(parsed).get(0).description());
    }

    @Test
    void a_header_that_contradicts_the_bytes_loses() {
        String utf8 = HEADER + SIGNON + bank("7391850416", "<CURDEF>EUR\n", trn("20260302", "-1.00", "L1", "Café Müller"), "")
                + "</OFX>\n";
        ParsedFile saysLatin = parse(encoded("transactions", null, utf8, StandardCharsets.UTF_8));
        ParsedFile saysUtf8 = parse(encoded("transactions", null, utf8.replace("ENCODING:USASCII", "ENCODING:UTF-8"),
                Fixtures.WINDOWS_1252));
        assertAll(
                () -> assertEquals("UTF-8", saysLatin.report().encoding(), "CHARSET:1252 over valid UTF-8"),
                () -> assertEquals("Café Müller", rows(saysLatin).get(0).description()),
                () -> assertEquals("windows-1252", saysUtf8.report().encoding(), "ENCODING:UTF-8 over 1252 bytes"),
                () -> assertEquals("Café Müller", rows(saysUtf8).get(0).description()));
    }

    @Test
    void a_document_with_no_header_and_a_spaced_root_tag_is_recognised() {
        DecodedText text = new DecodedText("UTF-8", false, List.of(new DecodedText.Line(1, "<OFX >", false)));
        assertTrue(OfxFileParser.looksLikeOfx(text));
        DecodedText csv = new DecodedText("UTF-8", false, List.of(new DecodedText.Line(1, "Date,OFXID,Amount", false)));
        assertTrue(!OfxFileParser.looksLikeOfx(csv));
    }
}
