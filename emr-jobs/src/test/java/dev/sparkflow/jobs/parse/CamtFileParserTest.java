package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.Rejection;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.sparkflow.jobs.parse.Fixtures.INGEST_DATE;
import static dev.sparkflow.jobs.parse.Fixtures.csv;
import static dev.sparkflow.jobs.parse.Fixtures.lineOf;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CAMT reader: versions, message kinds, batch bookings, references, parties, faults, lines and balances. */
class CamtFileParserTest {
    private static final String IBAN = "DE43100700000123456700", ACCOUNT = "iban-de43100700000123456700";
    private static final String OTHER_IBAN = "FI4515723500024680";

    // ------------------------------------------------------------------ documents

    /** A camt.053 document of {@code version} (02 ... 08) holding one statement of {@link #IBAN} with {@code body}. */
    private static String statement(String version, String body) {
        return document("camt.053.001." + version, "BkToCstmrStmt", "Stmt", IBAN, "EUR", body);
    }

    private static String document(String message, String root, String report, String iban, String currency,
                                   String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:" + message + "\">\n"
                + "<" + root + ">\n<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-02-01T06:00:00</CreDtTm></GrpHdr>\n"
                + report(report, iban, currency, body)
                + "</" + root + ">\n</Document>\n";
    }

    private static String report(String report, String iban, String currency, String body) {
        return "<" + report + ">\n<Id>S1</Id>\n<Acct><Id><IBAN>" + iban + "</IBAN></Id><Ccy>" + currency + "</Ccy></Acct>\n"
                + body + "</" + report + ">\n";
    }

    /** A balance block of three lines. */
    private static String bal(String type, String amount, String mark, String date) {
        return "<Bal><Tp><CdOrPrtry><Cd>" + type + "</Cd></CdOrPrtry></Tp>\n<Amt Ccy=\"EUR\">" + amount
                + "</Amt><CdtDbtInd>" + mark + "</CdtDbtInd>\n<Dt><Dt>" + date + "</Dt></Dt></Bal>\n";
    }

    /** An entry in the .001.02 style (bare Sts, party Nm directly under Cdtr/Dbtr), one element per line. */
    private static String entry02(String amount, String mark, String date, String ref, String details) {
        return "<Ntry>\n<Amt Ccy=\"EUR\">" + amount + "</Amt>\n<CdtDbtInd>" + mark + "</CdtDbtInd>\n<Sts>BOOK</Sts>\n"
                + "<BookgDt><Dt>" + date + "</Dt></BookgDt>\n<ValDt><Dt>" + date + "</Dt></ValDt>\n"
                + (ref == null ? "" : "<AcctSvcrRef>" + ref + "</AcctSvcrRef>\n")
                + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>"
                + "<Prtry><Cd>NTRF+116+9248</Cd><Issr>ZKA</Issr></Prtry></BkTxCd>\n"
                + (details == null ? "" : "<NtryDtls>\n" + details + "</NtryDtls>\n")
                + "</Ntry>\n";
    }

    /** A .001.02 TxDtls: end-to-end id, optional AmtDtls/TxAmt, the party (role Cdtr or Dbtr) and Ustrd. */
    private static String tx02(String e2e, String txAmount, String role, String name, String ustrd) {
        return "<TxDtls>\n<Refs><EndToEndId>" + e2e + "</EndToEndId></Refs>\n"
                + (txAmount == null ? "" : "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">" + txAmount + "</Amt></TxAmt></AmtDtls>\n")
                + "<RltdPties><" + role + "><Nm>" + name + "</Nm></" + role + "></RltdPties>\n"
                + (ustrd == null ? "" : "<RmtInf><Ustrd>" + ustrd + "</Ustrd></RmtInf>\n")
                + "</TxDtls>\n";
    }

    private static ParsedFile read(String xml) {
        ParsedFile parsed = parse(csv("transactions", null, xml));
        assertTrue(parsed.report().conserves(), () -> "lines and rows add up: " + parsed.report());
        return parsed;
    }

    private static List<TransactionRecord> rows(ParsedFile parsed) {
        return parsed.records().stream().map(r -> (TransactionRecord) r).toList();
    }

    private static TransactionRecord only(ParsedFile parsed) {
        assertEquals(1, parsed.records().size(), () -> "rows: " + parsed.records() + " rejections: " + parsed.rejections());
        return (TransactionRecord) parsed.records().get(0);
    }

    // ------------------------------------------------------------------ versions and message kinds

    @ParameterizedTest(name = "camt.053.001.{0}")
    @ValueSource(strings = {"02", "04", "06", "08"})
    void every_version_from_02_to_08_gives_the_same_row(String version) {
        boolean v08 = version.equals("08");
        String sts = v08 ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>";
        String party = v08 ? "<Cdtr><Pty><Nm>Stadtwerke Nord</Nm></Pty></Cdtr>" : "<Cdtr><Nm>Stadtwerke Nord</Nm></Cdtr>";
        String amount = version.equals("02") ? "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">96.00</Amt></TxAmt></AmtDtls>"
                : "<Amt Ccy=\"EUR\">96.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>";
        String xml = statement(version, "<Ntry>\n<Amt Ccy=\"EUR\">96.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>" + sts
                + "<BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-06</Dt></ValDt>"
                + "<AcctSvcrRef>R-1</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E-1</EndToEndId></Refs>" + amount
                + "<RltdPties>" + party + "</RltdPties><RmtInf><Ustrd>Abschlag Januar</Ustrd></RmtInf></TxDtls></NtryDtls>\n</Ntry>\n");
        ParsedFile parsed = read(xml);
        TransactionRecord t = only(parsed);
        assertAll(
                () -> assertEquals(lineOf(xml, "<Ntry>"), t.lineNumber()),
                () -> assertEquals(ACCOUNT, t.accountId()),
                () -> assertEquals(LocalDate.of(2026, 1, 5), t.bookingDate()),
                () -> assertEquals(LocalDate.of(2026, 1, 6), t.valueDate()),
                () -> assertEquals(new BigDecimal("-96.00"), t.amount()),
                () -> assertEquals("EUR", t.currency()),
                () -> assertEquals("Stadtwerke Nord / Abschlag Januar", t.description()),
                () -> assertEquals("R-1", t.reference()),
                () -> assertEquals(TransactionRecord.BOOKED, t.status()),
                () -> assertEquals("camt.053.001." + version, parsed.report().layout().name()));
    }

    @Test
    void an_intraday_report_reads_pending_entries_dated_by_value_date_or_else_the_ingest_date() {
        String pendingByValue = "<Ntry>\n<Amt Ccy=\"EUR\">64.12</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>"
                + "<ValDt><Dt>2026-03-12</Dt></ValDt>\n</Ntry>\n";
        String pendingUndated = "<Ntry>\n<Amt Ccy=\"EUR\">9.99</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>\n</Ntry>\n";
        String info = "<Ntry>\n<Amt Ccy=\"EUR\">450.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>INFO</Cd></Sts>"
                + "<BookgDt><Dt>2026-03-16</Dt></BookgDt>\n</Ntry>\n";
        String xml = document("camt.052.001.08", "BkToCstmrAcctRpt", "Rpt", IBAN, "EUR", pendingByValue + pendingUndated + info);
        ParsedFile parsed = read(xml);
        List<TransactionRecord> rows = rows(parsed);
        assertAll(
                () -> assertEquals(2, rows.size()),
                () -> assertEquals(LocalDate.of(2026, 3, 12), rows.get(0).bookingDate()),
                () -> assertEquals(TransactionRecord.PENDING, rows.get(0).status()),
                () -> assertEquals(INGEST_DATE, rows.get(1).bookingDate(), "pending and dated nowhere: as of the ingest date"),
                () -> assertEquals(TransactionRecord.PENDING, rows.get(1).status()),
                () -> assertEquals(1, parsed.rejections().size()),
                () -> assertEquals(ReasonCode.NOT_BOOKED, parsed.rejections().get(0).reason()),
                () -> assertEquals(lineOf(xml, info), parsed.rejections().get(0).lineNumber()),
                () -> assertEquals("camt.052.001.08", parsed.report().layout().name()));
    }

    @Test
    void a_notification_is_read_like_a_statement() {
        String xml = document("camt.054.001.04", "BkToCstmrDbtCdtNtfctn", "Ntfctn", IBAN, "EUR",
                entry02("85.00", "CRDT", "2025-12-03", "Z-1", tx02("NOTPROVIDED", "85.00", "Dbtr", "Huber Anna", "Nebenkosten")));
        TransactionRecord t = only(read(xml));
        assertAll(
                () -> assertEquals(new BigDecimal("85.00"), t.amount()),
                () -> assertEquals("Huber Anna / Nebenkosten", t.description()),
                () -> assertEquals(ACCOUNT, t.accountId()));
    }

    @Test
    void several_statements_give_each_row_its_own_account_and_currency() {
        String noCurrency = "<Ntry>\n<Amt>12.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
                + "<BookgDt><Dt>2025-07-31</Dt></BookgDt><AddtlNtryInf>KORKO</AddtlNtryInf>\n</Ntry>\n";
        String xml = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
                + "<BkToCstmrStmt>\n"
                + report("Stmt", IBAN, "EUR", entry02("20.00", "DBIT", "2025-07-20", "A-1", null))
                + report("Stmt", OTHER_IBAN, "SEK", noCurrency)
                + "</BkToCstmrStmt>\n</Document>\n";
        ParsedFile parsed = read(xml);
        List<TransactionRecord> rows = rows(parsed);
        assertAll(
                () -> assertEquals(ACCOUNT, rows.get(0).accountId()),
                () -> assertEquals("EUR", rows.get(0).currency()),
                () -> assertEquals("iban-fi4515723500024680", rows.get(1).accountId()),
                () -> assertEquals("SEK", rows.get(1).currency(), "an amount without Ccy takes its account's currency"),
                () -> assertEquals("KORKO", rows.get(1).description()),
                () -> assertNull(parsed.report().accountId(), "two accounts: the file names none"),
                () -> assertEquals("2", parsed.report().layout().details().get("statements")));
    }

    // ------------------------------------------------------------------ batch bookings

    @Test
    void a_batch_whose_details_carry_amounts_adding_up_is_split_into_one_row_per_detail() {
        String first = tx02("SU-1", "96.00", "Cdtr", "Stadtwerke Nord", "Abschlag Strom");
        String second = tx02("SU-2", "186.30", "Cdtr", "Dr. Lindqvist", "Rechnung 0711");
        String third = tx02("NOTPROVIDED", "130.00", "Cdtr", "Musikschule", null);
        String xml = statement("02", entry02("412.30", "DBIT", "2025-08-12", "B-9",
                "<Btch><NbOfTxs>3</NbOfTxs></Btch>\n" + first + second + third)
                .replace("</Ntry>", "<AddtlNtryInf>SAMMEL-UEBERWEISUNG</AddtlNtryInf>\n</Ntry>"));
        List<TransactionRecord> rows = rows(read(xml));
        assertAll(
                () -> assertEquals(3, rows.size()),
                () -> assertEquals(List.of(lineOf(xml, first), lineOf(xml, second), lineOf(xml, third)),
                        rows.stream().map(TransactionRecord::lineNumber).toList(), "each on the line its TxDtls opens"),
                () -> assertEquals(List.of(new BigDecimal("-96.00"), new BigDecimal("-186.30"), new BigDecimal("-130.00")),
                        rows.stream().map(TransactionRecord::amount).toList()),
                () -> assertEquals(List.of("Stadtwerke Nord / Abschlag Strom", "Dr. Lindqvist / Rechnung 0711",
                        "Musikschule / SAMMEL-UEBERWEISUNG"), rows.stream().map(TransactionRecord::description).toList()),
                () -> assertEquals(List.of("B-9/SU-1", "B-9/SU-2", "B-9"),
                        rows.stream().map(TransactionRecord::reference).toList(), "references stay apart"));
    }

    @Test
    void a_batch_with_a_detail_without_amount_stays_one_row_described_by_its_entry() {
        String xml = statement("02", entry02("412.30", "DBIT", "2025-08-12", "B-9",
                tx02("SU-1", "96.00", "Cdtr", "Stadtwerke Nord", "Abschlag") + tx02("SU-2", null, "Cdtr", "Dr. Lindqvist", "Rechnung"))
                .replace("</Ntry>", "<AddtlNtryInf>SAMMEL-UEBERWEISUNG</AddtlNtryInf>\n</Ntry>"));
        TransactionRecord t = only(read(xml));
        assertAll(
                () -> assertEquals(lineOf(xml, "<Ntry>"), t.lineNumber()),
                () -> assertEquals(new BigDecimal("-412.30"), t.amount()),
                () -> assertEquals("SAMMEL-UEBERWEISUNG", t.description()),
                () -> assertEquals("B-9", t.reference()));
    }

    @Test
    void a_batch_whose_detail_amounts_do_not_add_up_to_the_entry_stays_one_row() {
        String xml = statement("02", entry02("500.00", "DBIT", "2025-08-12", "B-9",
                tx02("SU-1", "96.00", "Cdtr", "Stadtwerke Nord", "Abschlag") + tx02("SU-2", "186.30", "Cdtr", "Dr. Lindqvist", "Rechnung")));
        TransactionRecord t = only(read(xml));
        assertAll(
                () -> assertEquals(new BigDecimal("-500.00"), t.amount()),
                () -> assertEquals("Stadtwerke Nord / Abschlag", t.description(), "no entry text: the first detail's"));
    }

    @Test
    void a_single_detail_in_a_foreign_currency_keeps_the_entry_amount() {
        String detail = "<TxDtls><Refs><EndToEndId>E-7</EndToEndId></Refs><Amt Ccy=\"USD\">4.10</Amt>"
                + "<AmtDtls><InstdAmt><Amt Ccy=\"USD\">4.10</Amt></InstdAmt></AmtDtls>"
                + "<RltdPties><Cdtr><Nm>App Store</Nm></Cdtr></RltdPties></TxDtls>\n";
        TransactionRecord t = only(read(statement("04", entry02("3.79", "DBIT", "2025-10-01", null, detail))));
        assertAll(
                () -> assertEquals(new BigDecimal("-3.79"), t.amount()),
                () -> assertEquals("EUR", t.currency()),
                () -> assertEquals("E-7", t.reference(), "no bank reference: the end-to-end id"));
    }

    @Test
    void a_batch_of_mixed_credits_and_debits_signs_each_detail_by_its_own_indicator() {
        String credit = "<TxDtls><Amt Ccy=\"EUR\">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                + "<RltdPties><Dbtr><Nm>Refund Shop</Nm></Dbtr></RltdPties></TxDtls>\n";
        String debit = "<TxDtls><Amt Ccy=\"EUR\">80.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
                + "<RltdPties><Cdtr><Nm>Card Shop</Nm></Cdtr></RltdPties></TxDtls>\n";
        List<TransactionRecord> rows = rows(read(statement("08", entry02("30.00", "DBIT", "2025-10-01", "C-1", credit + debit))));
        assertAll(
                () -> assertEquals(List.of(new BigDecimal("50.00"), new BigDecimal("-80.00")),
                        rows.stream().map(TransactionRecord::amount).toList()),
                () -> assertEquals(List.of("Refund Shop", "Card Shop"), rows.stream().map(TransactionRecord::description).toList()));
    }

    // ------------------------------------------------------------------ parties, texts, references

    @Test
    void money_out_names_the_ultimate_creditor_then_the_creditor_and_never_the_bank_transaction_code() {
        String detail = "<TxDtls><Refs><EndToEndId>1043811299412</EndToEndId></Refs><RltdPties>"
                + "<Dbtr><Nm>Jonas Weber</Nm></Dbtr><Cdtr><Nm>PayPal Europe</Nm></Cdtr><UltmtCdtr><Nm>Zalando SE</Nm></UltmtCdtr>"
                + "</RltdPties><RmtInf><Ustrd>PP.4821.PP</Ustrd><Ustrd>Ihr Einkauf</Ustrd></RmtInf></TxDtls>\n";
        String entry = entry02("54.99", "DBIT", "2025-08-25", null, detail)
                .replace("</Ntry>", "<AddtlNtryInf>SEPA-LASTSCHRIFT</AddtlNtryInf>\n</Ntry>");
        TransactionRecord t = only(read(statement("02", entry)));
        assertEquals("Zalando SE / PayPal Europe / PP.4821.PP Ihr Einkauf", t.description());
    }

    @Test
    void a_reversal_keeps_the_sign_of_its_indicator_and_names_the_party_it_takes_money_back_from() {
        String detail = tx02("FX-1", null, "Dbtr", "Jonas Weber", "Erstattung Lastschrift")
                .replace("<RltdPties>", "<RltdPties><Cdtr><Nm>FitWerk GmbH</Nm></Cdtr>");
        String entry = entry02("39.90", "CRDT", "2025-08-07", "R-5", detail).replace("<Sts>", "<RvslInd>true</RvslInd>\n<Sts>");
        TransactionRecord t = only(read(statement("02", entry)));
        assertAll(
                () -> assertEquals(new BigDecimal("39.90"), t.amount()),
                () -> assertEquals("FitWerk GmbH / Erstattung Lastschrift", t.description()));
    }

    @Test
    void the_purpose_falls_back_from_unstructured_to_structured_text_to_transaction_and_entry_information() {
        String structured = "<TxDtls><RltdPties><Cdtr><Nm>Livit AG</Nm></Cdtr></RltdPties><RmtInf><Strd><CdtrRefInf>"
                + "<Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>210000000003139471430009017</Ref></CdtrRefInf>"
                + "<AddtlRmtInf>Mietzins Oktober</AddtlRmtInf></Strd></RmtInf></TxDtls>\n";
        String txInfo = "<TxDtls><RltdPties><Cdtr><Nm>MIGROS</Nm></Cdtr></RltdPties><AddtlTxInf>Debitkarte 01.10.</AddtlTxInf></TxDtls>\n";
        String entryInfo = "<TxDtls><RltdPties><Cdtr><Nm>Asunto Oy</Nm></Cdtr></RltdPties></TxDtls>\n";
        String xml = statement("04", entry02("2150.00", "DBIT", "2025-10-01", "A", structured)
                + entry02("94.35", "DBIT", "2025-10-02", "B", txInfo)
                + entry02("780.00", "DBIT", "2025-10-03", "C", entryInfo).replace("</Ntry>", "<AddtlNtryInf>E-LASKU</AddtlNtryInf></Ntry>")
                + entry02("3.00", "DBIT", "2025-10-31", "D", null).replace("</Ntry>", "<AddtlNtryInf>Saldo Preise</AddtlNtryInf></Ntry>"));
        assertEquals(List.of("Livit AG / Mietzins Oktober", "MIGROS / Debitkarte 01.10.", "Asunto Oy / E-LASKU", "Saldo Preise"),
                rows(read(xml)).stream().map(TransactionRecord::description).toList());
    }

    @Test
    void a_name_with_an_entity_is_read_whole() {
        String xml = statement("02", entry02("890.00", "DBIT", "2026-01-02", null,
                tx02("NOTPROVIDED", null, "Cdtr", "Gruber &amp; Partner <![CDATA[GmbH]]>", "Miete")));
        TransactionRecord t = only(read(xml));
        assertAll(
                () -> assertEquals("Gruber & Partner GmbH / Miete", t.description()),
                () -> assertNull(t.reference(), "NOTPROVIDED is no reference"));
    }

    @Test
    void a_return_that_repeats_its_debits_end_to_end_id_gets_a_reference_of_its_own() {
        String xml = statement("02", entry02("39.90", "DBIT", "2025-08-04", null, tx02("FX-88123", null, "Cdtr", "FitWerk", "Beitrag"))
                + entry02("39.90", "CRDT", "2025-08-07", null, tx02("FX-88123", null, "Dbtr", "FitWerk", "Rueckgabe")));
        assertEquals(List.of("FX-88123", "FX-88123#2"), rows(read(xml)).stream().map(TransactionRecord::reference).toList());
    }

    @Test
    void a_booking_date_written_as_date_time_is_read_as_its_date() {
        String xml = statement("08", entry02("5.00", "DBIT", "x", "T-1", null)
                .replace("<BookgDt><Dt>x</Dt></BookgDt>", "<BookgDt><DtTm>2026-02-03T23:59:00+01:00</DtTm></BookgDt>")
                .replace("<ValDt><Dt>x</Dt></ValDt>", ""));
        assertEquals(LocalDate.of(2026, 2, 3), only(read(xml)).bookingDate());
    }

    // ------------------------------------------------------------------ faults

    @Test
    void faulty_entries_are_quarantined_one_by_one_with_their_own_reasons() {
        String good = entry02("10.00", "DBIT", "2026-01-05", "G", null);
        String noAmount = entry02("10.00", "DBIT", "2026-01-06", "N1", null).replace("<Amt Ccy=\"EUR\">10.00</Amt>\n", "");
        String badAmount = entry02("zehn", "DBIT", "2026-01-07", "N2", null);
        String noMark = entry02("10.00", "DBIT", "2026-01-08", "N3", null).replace("<CdtDbtInd>DBIT</CdtDbtInd>\n", "");
        String noBookingDate = entry02("10.00", "DBIT", "2026-01-09", "N4", null).replace("<BookgDt><Dt>2026-01-09</Dt></BookgDt>\n", "");
        String future = entry02("10.00", "DBIT", "2027-01-09", "N5", null);
        String xml = statement("02", good + noAmount + badAmount + noMark + noBookingDate + future);
        ParsedFile parsed = read(xml);
        Map<Integer, ReasonCode> reasons = new TreeMap<>();
        for (Rejection r : parsed.rejections()) reasons.put(r.lineNumber(), r.reason());
        assertAll(
                () -> assertEquals(1, parsed.records().size()),
                () -> assertEquals(Map.of(lineOf(xml, noAmount), ReasonCode.MISSING_AMOUNT,
                        lineOf(xml, badAmount), ReasonCode.INVALID_AMOUNT,
                        lineOf(xml, noMark), ReasonCode.MISSING_CREDIT_DEBIT,
                        lineOf(xml, noBookingDate), ReasonCode.MISSING_DATE,
                        lineOf(xml, future), ReasonCode.DATE_OUT_OF_RANGE), reasons),
                () -> assertEquals(FileReport.PARTLY, parsed.report().status()),
                () -> assertTrue(parsed.rejections().get(0).rawText().startsWith("CdtDbtInd=DBIT Sts=BOOK Dt=2026-01-06"),
                        parsed.rejections().get(0).rawText()));
    }

    @Test
    void a_payment_order_is_rejected_whole_naming_what_it_is() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">\n<CstmrCdtTrfInitn>\n"
                + "<GrpHdr><MsgId>P1</MsgId></GrpHdr>\n</CstmrCdtTrfInitn>\n</Document>\n";
        ParsedFile parsed = read(xml);
        FileReport r = parsed.report();
        assertAll(
                () -> assertEquals(FileReport.REJECTED, r.status()),
                () -> assertEquals(ReasonCode.NOT_A_STATEMENT.name(), r.fileReason()),
                () -> assertTrue(r.fileDetail().startsWith("pain.001.001.03: a credit transfer order"), r.fileDetail()),
                () -> assertEquals(Map.of(FileReport.SKIPPED_REJECTED_FILE, 6), r.linesSkipped()));
    }

    @Test
    void a_document_of_an_unknown_namespace_or_holding_another_message_is_rejected_whole() {
        String unknown = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:example:bank:export\">\n<Rows/>\n</Document>\n";
        String bare = "<Document>\n<CstmrDrctDbtInitn/>\n</Document>\n";
        ParsedFile a = read(unknown), b = read(bare);
        assertAll(
                () -> assertEquals(ReasonCode.NOT_A_STATEMENT.name(), a.report().fileReason()),
                () -> assertTrue(a.report().fileDetail().contains("urn:example:bank:export"), a.report().fileDetail()),
                () -> assertEquals(ReasonCode.NOT_A_STATEMENT.name(), b.report().fileReason()),
                () -> assertTrue(b.report().fileDetail().contains("CstmrDrctDbtInitn"), b.report().fileDetail()));
    }

    @Test
    void a_document_without_namespace_is_read_by_its_message_element() {
        String xml = "<Document>\n<BkToCstmrStmt>\n" + report("Stmt", IBAN, "EUR", entry02("1.00", "CRDT", "2026-01-02", "X", null))
                + "</BkToCstmrStmt>\n</Document>\n";
        ParsedFile parsed = read(xml);
        assertAll(
                () -> assertEquals(1, parsed.records().size()),
                () -> assertEquals("camt.053", parsed.report().layout().name()));
    }

    @Test
    void a_statement_under_a_banks_own_namespace_is_read_and_named_by_the_version_in_it() {
        String xml = "<?xml version=\"1.0\"?>\n<Document xmlns=\"http://www.six-interbank-clearing.com/de/camt.053.001.04.xsd\">\n"
                + "<BkToCstmrStmt>\n" + report("Stmt", IBAN, "CHF", entry02("1.00", "CRDT", "2026-01-02", "X", null).replace("EUR", "CHF"))
                + "</BkToCstmrStmt>\n</Document>\n";
        ParsedFile parsed = read(xml);
        assertAll(
                () -> assertEquals("CHF", only(parsed).currency()),
                () -> assertEquals("camt.053.001.04", parsed.report().layout().name()));
    }

    @Test
    void elements_nested_deeper_than_any_statement_reject_the_file() {
        String deep = "<X>".repeat(CamtFileParser.MAX_DEPTH) + "</X>".repeat(CamtFileParser.MAX_DEPTH);
        ParsedFile parsed = read(statement("02", entry02("1.00", "CRDT", "2026-01-02", "X", null) + deep + "\n"));
        assertEquals(ReasonCode.NESTING_TOO_DEEP.name(), parsed.report().fileReason());
    }

    @Test
    void a_statement_without_entries_has_only_its_closing_balance_as_a_row() {
        String xml = statement("02", bal("PRCD", "10.00", "CRDT", "2026-01-01") + bal("CLBD", "12.00", "DBIT", "2026-01-31"));
        ParsedFile parsed = read(xml);
        BalanceRecord closing = (BalanceRecord) parsed.records().get(0);
        assertAll(
                () -> assertEquals(ReasonCode.HEADER_ONLY.name(), parsed.report().fileReason(), "no entries"),
                () -> assertEquals(1, parsed.records().size(), "the closing booked balance only"),
                () -> assertEquals(new java.math.BigDecimal("-12.00"), closing.balance()),
                () -> assertEquals(java.time.LocalDate.of(2026, 1, 31), closing.balanceDate()),
                () -> assertEquals(lineOf(xml, "<Cd>CLBD"), closing.lineNumber(), "the line its Bal opens on"),
                () -> assertEquals(5, parsed.report().linesSkipped().get("balance")),
                () -> assertTrue(parsed.report().conserves()));
    }

    @Test
    void a_payment_abroad_keeps_its_instructed_amount_and_the_rate_and_the_creditor_iban() {
        String detail = "<TxDtls>\n<Refs><EndToEndId>E2E-77</EndToEndId></Refs>\n"
                + "<AmtDtls><InstdAmt><Amt Ccy=\"USD\">50.00</Amt></InstdAmt></AmtDtls>\n"
                + "<RltdPties><Cdtr><Nm>Hotel Chicago</Nm></Cdtr><CdtrAcct><Id><IBAN>US00 TEST 1234</IBAN></Id></CdtrAcct>"
                + "<Dbtr><Nm>Holder</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>\n"
                + "</TxDtls>\n";
        TransactionRecord t = only(read(statement("02", entry02("46.30", "DBIT", "2026-01-05", "R1", detail))));
        assertEquals(new TransactionRecord.Original(new BigDecimal("-50.00"), "USD", new BigDecimal("0.926")), t.original());
        assertEquals(new TransactionRecord.Bank("US00TEST1234", "PMNT-ICDT-ESCT", "E2E-77"), t.bank(),
                "money out: the creditor's account, the entry's ISO code, the end-to-end id");
        TransactionRecord home = only(read(statement("02", entry02("46.30", "DBIT", "2026-01-05", "R1",
                detail.replace("USD", "EUR").replace("50.00", "46.30")))));
        assertNull(home.original(), "an instructed amount in the account's currency is no original");
    }

    // ------------------------------------------------------------------ lines

    @Test
    void every_line_is_a_row_a_balance_line_or_markup_and_a_one_line_document_counts_each_row() {
        String entries = entry02("1.00", "CRDT", "2026-01-02", "A", null) + entry02("2.00", "CRDT", "2026-01-03", "B", null);
        String pretty = statement("02", bal("OPBD", "5.00", "DBIT", "2026-01-01") + entries);
        String oneLine = pretty.replace("\n", "");
        ParsedFile a = read(pretty), b = read(oneLine);
        int lines = (int) pretty.chars().filter(c -> c == '\n').count();
        assertAll(
                () -> assertEquals(Map.of("balance", 3, FileReport.SKIPPED_MARKUP, lines - 3 - 2), a.report().linesSkipped()),
                () -> assertEquals(2, b.report().rowsValid()),
                () -> assertEquals(2, b.report().linesTotal(), "one physical line holding two rows counts twice"),
                () -> assertEquals(Map.of(), b.report().linesSkipped()));
    }

    @Test
    void a_declaration_after_blank_lines_is_tolerated_and_lines_keep_their_numbers() {
        String xml = "\n\n" + statement("02", entry02("1.00", "CRDT", "2026-01-02", "A", null));
        TransactionRecord t = only(read(xml));
        assertEquals(lineOf(xml, "<Ntry>"), t.lineNumber());
    }

    // ------------------------------------------------------------------ balances

    @Test
    void the_balances_of_every_statement_come_signed_dated_and_typed_with_their_line() {
        String first = bal("PRCD", "2480.12", "CRDT", "2025-07-31");
        String second = bal("CLBD", "120.50", "DBIT", "2025-08-29");
        String intraday = bal("ITBD", "1.00", "CRDT", "2025-08-29");
        String other = bal("CLAV", "7.00", "CRDT", "2025-08-29").replace("EUR", "SEK");
        String xml = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n"
                + "<BkToCstmrStmt>\n" + report("Stmt", IBAN, "EUR", first + second + intraday)
                + report("Stmt", OTHER_IBAN, "SEK", other) + "</BkToCstmrStmt>\n</Document>\n";
        FileInput input = csv("transactions", null, xml);
        DecodedText text = TextDecoder.decode(xml.getBytes(StandardCharsets.UTF_8), Optional.empty());
        List<StatementBalance> balances = CamtFileParser.balances(input, text, Fixtures.config().accounts(), null);
        assertEquals(List.of(
                new StatementBalance(lineOf(xml, first), ACCOUNT, LocalDate.of(2025, 7, 31), new BigDecimal("2480.12"), "EUR", "PRCD"),
                new StatementBalance(lineOf(xml, second), ACCOUNT, LocalDate.of(2025, 8, 29), new BigDecimal("-120.50"), "EUR", "CLBD"),
                new StatementBalance(lineOf(xml, other), "iban-fi4515723500024680", LocalDate.of(2025, 8, 29),
                        new BigDecimal("7.00"), "SEK", "CLAV")), balances);
    }

    @Test
    void a_document_that_cannot_be_read_has_no_balances() {
        String xml = statement("02", bal("PRCD", "1.00", "CRDT", "2025-07-31")).replace("</Document>", "");
        DecodedText text = TextDecoder.decode(xml.getBytes(StandardCharsets.UTF_8), Optional.empty());
        assertTrue(CamtFileParser.balances(csv("transactions", null, xml), text, Fixtures.config().accounts(), null).isEmpty());
    }

    // ------------------------------------------------------------------ recognition

    @Test
    void camt_and_other_iso_documents_are_recognised_and_other_text_is_not() {
        assertAll(
                () -> assertTrue(looks(statement("02", ""))),
                () -> assertTrue(looks("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>")),
                () -> assertTrue(looks("<?xml version=\"1.0\"?>\n<!-- export -->\n<Document xmlns=\"urn:example\">\n</Document>")),
                () -> assertTrue(looks("<ns2:Document xmlns:ns2=\"urn:example\">\n</ns2:Document>")),
                () -> assertFalse(looks("Date,Description,Amount\n2024-01-04,Document,-2.40\n")),
                () -> assertFalse(looks("<?xml version=\"1.0\"?>\n<transactions>\n<t/>\n</transactions>\n")));
    }

    private static boolean looks(String text) {
        return CamtFileParser.looksLikeCamt(TextDecoder.decode(text.getBytes(StandardCharsets.UTF_8), Optional.empty()));
    }
}
