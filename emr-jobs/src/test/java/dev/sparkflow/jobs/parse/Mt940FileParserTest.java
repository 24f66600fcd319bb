package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.BalanceRecord;
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
import java.util.Map;
import java.util.Optional;

import static dev.sparkflow.jobs.parse.Fixtures.bytes;
import static dev.sparkflow.jobs.parse.Fixtures.csv;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MT940/MT942 as banks send them: envelopes, statements, dates, marks, the :86: dialects, faults and balances. */
class Mt940FileParserTest {

    private static ParsedFile loose(String text) {
        return parse(csv("transactions", null, text));
    }

    private static List<TransactionRecord> rows(ParsedFile parsed) {
        return parsed.records().stream().filter(r -> r instanceof TransactionRecord).map(TransactionRecord.class::cast)
                .toList();
    }

    /** The closing balances a file's statements state, read as rows of the balances dataset. */
    private static List<BalanceRecord> closing(ParsedFile parsed) {
        return parsed.records().stream().filter(r -> r instanceof BalanceRecord).map(BalanceRecord.class::cast).toList();
    }

    private static TransactionRecord only(ParsedFile parsed) {
        assertEquals(1, rows(parsed).size(), () -> parsed.records() + " " + parsed.rejections());
        return rows(parsed).get(0);
    }

    /** One statement of {@code account} in EUR around {@code entries} (each a :61: with its :86:). */
    private static String statement(String account, String entries) {
        return ":20:STARTUMS\n:25:" + account + "\n:28C:00001/001\n:60F:C250101EUR1000,00\n" + entries
                + ":62F:C250131EUR1000,00\n-\n";
    }

    private static String description(String field86) {
        return only(loose(statement("37050198/1002345678", ":61:2501100110DR1,00NMSCNONREF\n:86:" + field86 + "\n")))
                .description();
    }

    // ------------------------------------------------------------------ envelope, statements, line accounting

    @Test
    void an_ing_file_in_its_swift_envelope_is_read_and_every_line_counted() {
        ParsedFile parsed = loose("""
                {1:F01INGBNL2ABXXX0000000000}
                {2:I940INGBNL2AXXXN}
                {4:
                :20:P250701000000001
                :25:NL20INGB0001234567EUR
                :28C:00000
                :60F:C250630EUR100,00
                :61:250701D10,5NTRFNONREF//P250701000000002
                /TRCD/00100/
                :86:/TRTP/SEPA OVERBOEKING/NAME/Stichting Portaal/REMI/Huur juli
                :62F:C250701EUR89,50
                :64:C250701EUR89,50
                :65:C250702EUR89,50
                :86:/SUM/1/0/10,50/0,/
                -}
                """);
        TransactionRecord r = only(parsed);
        FileReport report = parsed.report();
        assertAll(
                () -> assertEquals(8, r.lineNumber()),
                () -> assertEquals("iban-nl20ingb0001234567", r.accountId(), "the currency after the IBAN is not part of it"),
                () -> assertEquals(LocalDate.of(2025, 7, 1), r.bookingDate()),
                () -> assertNull(r.valueDate(), "no entry date: the value date is the booking date"),
                () -> assertEquals(new BigDecimal("-10.50"), r.amount()),
                () -> assertEquals("EUR", r.currency()),
                () -> assertEquals("Stichting Portaal / Huur juli", r.description()),
                () -> assertEquals("P250701000000002", r.reference(), "the bank's reference after //"),
                () -> assertEquals(TransactionRecord.BOOKED, r.status()),
                () -> assertTrue(report.conserves(), report::toString),
                () -> assertEquals(Map.of("markup", 4, "header", 3, "balance", 3, "continuation", 2, "summary", 1),
                        report.linesSkipped()),
                () -> assertEquals("mt940", report.layout().kind()),
                () -> assertEquals("ok", report.layout().details().get("balance_check")),
                () -> assertEquals("iban-nl20ingb0001234567", report.accountId()));
    }

    @Test
    void several_statements_of_several_accounts_keep_each_entry_with_its_own_account_and_currency() {
        ParsedFile parsed = loose("""
                ABNANL2A
                940
                ABNANL2A
                :20:ABN AMRO BANK NV
                :25:481237659
                :28:36301/1
                :60F:C251230EUR100,
                :61:2512301230D4,5N426NONREF
                :86:BEA   NR:5JL07K   30.12.25/09.14 Bakkerij Vos UTRECHT,PAS214
                :62F:C251230EUR95,5
                -
                :20:DEUTDEFFXXXX
                :25:10070024/0614271001
                :28C:00012/001
                :60F:C251229USD1875,00
                :61:2512301230C1450,00NTRFNONREF//5234880012345676
                :86:202?00AUSLANDSUEBERWEISUNG?20INVOICE 2025-31?32NORTHWIND STUDIOS LLC
                :62F:C251230USD3325,00
                -
                """);
        List<TransactionRecord> rows = rows(parsed);
        assertAll(
                () -> assertEquals(2, rows.size()),
                () -> assertEquals("acct-7659", rows.get(0).accountId()),
                () -> assertEquals("EUR", rows.get(0).currency()),
                () -> assertEquals(new BigDecimal("-4.50"), rows.get(0).amount(), "4,5 is 4.50"),
                () -> assertEquals("BEA NR:5JL07K 30.12.25/09.14 Bakkerij Vos UTRECHT,PAS214", rows.get(0).description()),
                () -> assertEquals("acct-1001", rows.get(1).accountId(), "bank code/account: the account's last digits"),
                () -> assertEquals("USD", rows.get(1).currency()),
                () -> assertEquals("NORTHWIND STUDIOS LLC / INVOICE 2025-31", rows.get(1).description()),
                () -> assertNull(parsed.report().accountId(), "two accounts: the file names none alone"),
                () -> assertEquals("2", parsed.report().layout().details().get("statements")),
                () -> assertEquals(Map.of("markup", 5, "header", 6, "balance", 2, "continuation", 2), parsed.report().linesSkipped(),
                        "the two closing balances are rows of the balances dataset"));
    }

    @Test
    void an_mbank_file_between_control_bytes_in_windows_1250_is_decoded_as_such() {
        String text = "\u0001\r\n:20:ST251031CYC/1\r\n:25:PL27114020040000360212345678\r\n:28C:214/1\r\n"
                + ":60F:C251030PLN100,00\r\n:61:2510311031DN23,47NMSCNONREF//MB251031009911\r\nZAKUP PRZY UŻYCIU KARTY\r\n"
                + ":86:921 ZAKUP PRZY UŻYCIU KARTY; DO: ŻABKA Z4812 K.1 KRAKÓW; TYT.:\r\nKARTA 4246XXXXXXXX1234; TNR:\r\n"
                + "225302012345680.000001\r\n:62F:C251031PLN76,53\r\n-\u0003\r\n";
        ParsedFile parsed = parse(bytes("transactions", null, text.getBytes(Charset.forName("windows-1250"))));
        TransactionRecord r = only(parsed);
        assertAll(
                () -> assertEquals("windows-1250", parsed.report().encoding()),
                () -> assertEquals("ŻABKA Z4812 K.1 KRAKÓW / KARTA 4246XXXXXXXX1234", r.description()),
                () -> assertEquals("PLN", r.currency()),
                () -> assertEquals(new BigDecimal("-23.47"), r.amount(), "DN: a debit with the funds code N of PLN"),
                () -> assertEquals(2, parsed.report().linesSkipped().get("markup"), "the SOH and -ETX lines"));
    }

    @Test
    void a_western_text_stays_as_guessed() {
        DecodedText text = new DecodedText("windows-1252", false, List.of(new DecodedText.Line(1, ":25:DE12500105170648489890", false),
                new DecodedText.Line(2, ":86:?20Café", false)));
        assertEquals("windows-1252", Mt940FileParser.centralEuropean(csv("transactions", null, ""), text).encoding());
    }

    @Test
    void a_tag_broken_after_its_colon_an_amount_wrapped_onto_the_next_line_and_a_stray_tag_in_the_text_are_read() {
        ParsedFile parsed = loose("""
                :20:STARTUMSE
                :25:12345678/1020304050
                :28C:00000/001
                :60F:C181125EUR100,00
                :61:1811261126CR
                30,00N062NONREF
                :
                86:166?00GUTSCHR. UEBERWEISUNG?20SVWZ+Test?21 Zahlung vom 26.11.2018T16
                :26:37 Uhr?32Erika Musterfrau
                :62F:C181126EUR130,00
                -
                """);
        TransactionRecord r = only(parsed);
        assertAll(
                () -> assertEquals(new BigDecimal("30.00"), r.amount()),
                () -> assertEquals("Erika Musterfrau / Test Zahlung vom 26.11.2018T16:26:37 Uhr", r.description()),
                () -> assertEquals(5, r.lineNumber()),
                () -> assertEquals(4, parsed.report().linesSkipped().get("continuation")),
                () -> assertTrue(parsed.report().conserves()));
    }

    // ------------------------------------------------------------------ the statement line

    @Test
    void a_statement_line_is_taken_apart_into_dates_mark_amount_and_references() {
        Mt940FileParser.Line sparkasse = Mt940FileParser.Line.of("2506020602DR850,00NMSCNONREF", "");
        Mt940FileParser.Line reversal = Mt940FileParser.Line.of("0709040904RCR204,88NRTINONREF", "");
        Mt940FileParser.Line postfinance = Mt940FileParser.Line.of("1312091209C79,7FMSC01916//NONREF", "20131209007602198765432000000012");
        Mt940FileParser.Line rabobank = Mt940FileParser.Line.of("110527D000000001213,28N0440121470966      W.P. Jansen", "");
        assertAll(
                () -> assertEquals(List.of("250602", "0602", "D", "850,00", "NONREF", ""),
                        List.of(sparkasse.valueDate(), sparkasse.entryDate(), sparkasse.mark(), sparkasse.amount(),
                                sparkasse.ownerReference(), sparkasse.bankReference()), "DR: a debit, R the third letter of EUR"),
                () -> assertEquals("RC", reversal.mark()),
                () -> assertTrue(reversal.out(), "a reversed credit takes money out"),
                () -> assertFalse(Mt940FileParser.Line.of("0709040904RDR204,88NRTINONREF", "").out(), "a reversed debit brings it back"),
                () -> assertEquals(new BigDecimal("79.7"), postfinance.value().value()),
                () -> assertEquals("NONREF", postfinance.bankReference()),
                () -> assertEquals("20131209007602198765432000000012", postfinance.supplementary()),
                () -> assertEquals(new BigDecimal("1213.28"), rabobank.value().value(), "zero padding"),
                () -> assertEquals("W.P. Jansen", rabobank.counterparty(), "Rabobank's old layout names the counterparty here"),
                () -> assertEquals("0121470966", rabobank.ownerReference()),
                () -> assertEquals(new BigDecimal("9"), Mt940FileParser.Line.of("1105240524D9,N192NONREF", "").value().value()),
                () -> assertEquals(ReasonCode.INVALID_AMOUNT, Mt940FileParser.Line.of("2602020202D1.249,00NDDT", "").value().error()),
                () -> assertEquals(ReasonCode.AMOUNT_OUT_OF_RANGE, Mt940FileParser.Line.of("260202D100000000,00NDDT", "").value().error()));
    }

    @Test
    void the_entry_date_takes_its_year_from_the_value_date_across_the_year_end() {
        assertAll(
                () -> assertEquals(new Mt940FileParser.Dates(LocalDate.of(2026, 1, 2), LocalDate.of(2025, 12, 31), null),
                        Mt940FileParser.Line.of("2512310102D37,4N426NONREF", "").dates(), "paid on New Year's Eve, booked in January"),
                () -> assertEquals(new Mt940FileParser.Dates(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 1, 1), null),
                        Mt940FileParser.Line.of("2601011231C0,84NINTNONREF", "").dates(), "valued in January, booked in December"),
                () -> assertEquals(new Mt940FileParser.Dates(LocalDate.of(2016, 3, 1), null, null),
                        Mt940FileParser.Line.of("1602300301DR6,00N024NONREF", "").dates(), "the 30th of February as a value date"),
                () -> assertEquals(new Mt940FileParser.Dates(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1), null),
                        Mt940FileParser.Line.of("2403010229DR6,00N024NONREF", "").dates(), "the entry date in a leap year"),
                () -> assertEquals("entry date '0230'", Mt940FileParser.Line.of("2502280230DR6,00N024NONREF", "").dates().error()),
                () -> assertEquals("value date '250230'", Mt940FileParser.Line.of("250230DR6,00N024NONREF", "").dates().error()));
    }

    // ------------------------------------------------------------------ the :86: dialects

    @Test
    void the_german_form_takes_the_name_and_the_svwz_text_wherever_the_bank_put_the_sepa_identifiers() {
        assertAll(
                () -> assertEquals("Vodafone GmbH / Rechnung 06/2025 Kd-Nr. 55123", description(
                        "105?00FOLGELASTSCHRIFT?109248?20EREF+VF-7731?21MREF+M-8812?22CRED+DE12ZZZ00000012345?23SVWZ+Rechnung 06/20"
                                + "25 Kd-Nr?24. 55123?30PBNKDEFFXXX?31DE55100100100987654321?32Vodafone GmbH")),
                () -> assertEquals("PayPal (Europe) S.a.r.l. et Cie., S.C.A. / . SPOTIFY, Ihr Einkaufbei SPOTIFY", description(
                        "835?20Cie., S.C.A.?21SEPA-BASISLASTSCHRIFT?22EREF+ 1234567890123 PAYPAL?23MREF+ 12AB234CD6E7F CRED+ A?24B12"
                                + "CDE0000000000000000034 S?25VWZ+ . SPOTIFY, Ihr Einkauf?26bei SPOTIFY?32PayPal (Europe) S.a.r.l. et?33 Cie., S.C.A.")),
                () -> assertEquals("KARL KAUFMANN / Verw CTSc-01 BC-PPP TFNr 22 004", description(
                        "166?00GUTSCHRIFT?100399?20EREF+EndToEndId TFNR 22 004?21 00001?22\nSVWZ+Verw CTSc-01 BC-PPP TF?23Nr 22 004"
                                + "?30DRESDEFF508?31DE1450880\n0500194785000?32KARL?33        KAUFMANN")),
                () -> assertEquals("DEUTSCHE KREDITBANK AG / ERSTATTUNG AUSLANDSEINSATZENTGELT FUER VISA 4998 XXXXXXXX 1234", description(
                        "820?00UMBUCHUNG?109392?20ERSTATTUNG AUSLANDSEINSATZE?21NTGELT\n FUER VISA 4998 XXXX?22XXXX 1234?3012030000"
                                + "?319003932309?32DEUTSC\nHE KREDITBANK AG")),
                () -> assertEquals("Finanzamt Muenchen Abteilung Erhebung / 123/123/12345", description(
                        "105?00Basislastschrift?10931?20EREF+123/123/12345-----L110\n?21SVWZ+123/123/12345?30BYLADEMM\n"
                                + "?31DE99700500000000012345?32Finanzamt Muenchen Abteilun\n?33g Erhebung?34992?61ABWA+Finanzamt Muenchen")),
                () -> assertEquals("Kontofuehrung 06/2025", description("805?00ENTGELTABSCHLUSS?20Kontofuehrung 06/2025")),
                () -> assertEquals("SAMMLER", description("079?00SAMMLER?109800?20EREF+0904059001"), "nothing but a reference: the posting text"),
                () -> assertEquals("ALGEMENE TUSSENREKENING KOSTEN", description("000>100987654321\n>20ALGEMENE TUSSENREKENING KOS>21TEN"
                        + "\n>310390123456"), "Triodos writes > for ?"));
    }

    @Test
    void the_end_to_end_reference_stands_in_when_the_bank_gives_none_and_placeholders_are_no_reference() {
        ParsedFile parsed = loose(statement("37050198/1002345678", """
                :61:2506130613CR3412,88NMSCNONREF
                :86:166?00GUTSCHR. UEBERWEISUNG?20EREF+GEH2506?21SVWZ+Gehalt Juni 2025?32Musterfirma AG
                :61:2506140614DR5,00NMSCNONREF
                :86:177?00ONLINE-UEBERWEISUNG?20EREF+NOTPROVIDED?21SVWZ+Kaffee?32Anna
                :61:2506150615DR6,00NMSCNONREF//NONREF
                :86:/EREF/NOTPROVIDED/NAME/Bakker/REMI/Brood
                """));
        assertEquals(java.util.Arrays.asList("GEH2506", null, null), rows(parsed).stream().map(TransactionRecord::reference).toList());
    }

    @Test
    void a_reference_shared_by_different_transactions_is_no_reference_but_a_repeated_listing_keeps_it() {
        ParsedFile parsed = loose(statement("37050198/1002345678", """
                :61:2506010601DR29,00NMSCNONREF
                :86:105?20EREF+BEITRAG?21SVWZ+Mitgliedsbeitrag?32Sportverein
                :61:2507010701DR29,00NMSCNONREF
                :86:105?20EREF+BEITRAG?21SVWZ+Mitgliedsbeitrag?32Sportverein
                :61:2506020602DR9,99NMSCNONREF//5234880012345671
                :86:105?20SVWZ+Abo?32Streaming AG
                :61:2506020602DR9,99NMSCNONREF//5234880012345671
                :86:105?20SVWZ+Abo?32Streaming AG
                """));
        assertEquals(java.util.Arrays.asList(null, null, "5234880012345671", "5234880012345671"),
                rows(parsed).stream().map(TransactionRecord::reference).toList());
    }

    @Test
    void the_dutch_form_takes_the_counterparty_not_the_ultimate_party_and_the_remittance_text() {
        assertAll(
                () -> assertEquals("Nespresso Nederland B.V. / 674725433 1120000153447185", description(
                        "/EREF/02-04-2013 22:56 1120000153447185/BENM//NAME/Nespresso Nede\nrland B.V./REMI/674725433 1120000153447185"
                                + "\n/ISDT/2013-04-03")),
                () -> assertEquals("Werkgever BV / Salaris", description(
                        "/TRTP/SEPA OVERBOEKING/IBAN/NL39RABO0300065264/BIC/RABONL2U/NAME/Werkgever BV/REMI/Salaris/ULTD//NAME/Holding BV")),
                () -> assertEquals("BELASTINGDIENST / 8850426741301240", description(
                        "/EREF/00000000011//CNTP/NL86INGB0002445588/INGBNL2A/BELASTINGDIENST///REMI/STRD/CUR/8850426741301240/")),
                () -> assertEquals("Bedrijf Die.Foobar123 AA NLD 13-03-2015 09:47 TERMINALID: AA1001", description(
                        "/REMI/USTD//Bedrijf Die.Foobar123 AA NLD 13-03-2015 09:47\n TERMINALID: AA1001/")),
                () -> assertEquals("CONTRA ACCOUNT HOLDER", description(
                        "/EREF/01-01-2013 12:00 0030000987654321/BENM//NAME/CONTRA ACCOUN\nT HOLDER/REMI//ISDT/2013-07-11")),
                () -> assertEquals("SEPA OVERBOEKING", description("/TRTP/SEPA OVERBOEKING/PREF/PmtInfId-1"), "only the type"));
    }

    @Test
    void the_dutch_form_keeps_the_counterparty_iban_and_a_payment_abroad_its_original_amount() {
        TransactionRecord t = only(loose(statement("NL20INGB0001234567EUR", ":61:2501100110D46,30NMSCNONREF\n"
                + ":86:/TRTP/BETAALAUTOMAAT/IBAN/NL39RABO0300065264/NAME/Hotel Chicago/REMI/Room 12/OCMT/USD50,00/"
                + "EXCH/1,0799/\n")));
        assertEquals(new TransactionRecord.Original(new BigDecimal("-50.00"), "USD", new BigDecimal("0.926")), t.original());
        assertEquals(new TransactionRecord.Bank("NL39RABO0300065264", "NMSC", null), t.bank());
        TransactionRecord german = only(loose(statement("37050198/1002345678", ":61:2501100110DR1,00NMSCNONREF\n"
                + ":86:105?00FOLGELASTSCHRIFT?109248?20EREF+VF-7731?21SVWZ+Rechnung?31DE55100100100987654321?32Vodafone\n")));
        assertEquals(new TransactionRecord.Bank("DE55100100100987654321", "105", "VF-7731"), german.bank(),
                "the GVC before the :61: type; ?31 the counterparty's IBAN; EREF the end-to-end id");
        assertNull(german.original());
    }

    @Test
    void labelled_free_text_gives_its_counterparty_and_purpose() {
        assertAll(
                () -> assertEquals("AA GHGHGH NETHERLANDS B.V. / 1412DEC 2015 CONSULTING", description(
                        "SEPA OVERBOEKING                 IBAN: NL56CHAS0101010101\nBIC: CHASNL2XXXX                 NAAM: AA GHGHGH"
                                + " NETHERLANDS B.V.\nOMSCHRIJVING: 1412DEC 2015 CONSULTING\nKENMERK: 7541410")),
                () -> assertEquals("BELASTINGDIENST / 1234567890098876", description(
                        "SEPA ACCEPTGIROBETALING          IBAN: NL86INGB0002445588\nBIC: INGBNL2A                    NAAM: BELASTINGDIENST"
                                + "\nBETALINGSKENM.: 1234567890098876 ID DEBITEUR: 777777777")),
                () -> assertEquals("STICHTING DERDEN JAAP JANSSEN / DIT IS EEN OMSCHRIJVING", description(
                        "DIT IS EEN OMSCHRIJVING\nREK: NL76INGB0444444444/NAAM: STICHTING DERDEN JAAP JANSSEN"), "Knab: the text before the labels"),
                () -> assertEquals("JAN NOWAK UL. NIJAKA 1 / PRZELEW SRODKOW", description(
                        "911 TRANSAKCJA COLLECT; ID IPH: XX000000000001; Z RACH.: \n56114010810000267002001001; OD: JAN NOWAK  \n"
                                + "UL. NIJAKA 1; TYT.: PRZELEW SRODKOW   ; \nTNR: 179171073864111.010001")));
    }

    @Test
    void free_text_joins_a_full_65_character_line_directly_and_a_shorter_one_with_a_space() {
        String full = "KAUF/DIENSTLEISTUNG VOM 30.09.2025 KARTEN NR. XXXX4521 MIGROS M Z";
        assertEquals(65, full.length());
        assertAll(
                () -> assertEquals("KAUF/DIENSTLEISTUNG VOM 30.09.2025 KARTEN NR. XXXX4521 MIGROS M ZUERICH",
                        description(full + "\nUERICH"), "cut mid-word"),
                () -> assertEquals("RC AFREKENING BETALINGSVERKEER BETREFT REKENING 4715589", description(
                        " RC AFREKENING BETALINGSVERKEER\nBETREFT REKENING 4715589"), "a line the bank ended"),
                () -> assertEquals("SEPA_STANDING_ORDER:Unkostenbeitrag:Campus e.V.", description(
                        "999SEPA_STANDING_ORDER:Unkostenbeitrag:Campus e.V."), "999: the DK code for unstructured text"));
    }

    @Test
    void rabobank_before_2014_names_the_counterparty_on_the_statement_line_and_repeats_86_for_each_line() {
        ParsedFile parsed = loose("""
                :940:
                :20:940A110615
                :25:1291.99.348EUR
                :28:00000/00
                :60F:C110614EUR000000000473,17
                :61:110527D000000001213,28N0440121470966      W.P. Jansen                      \s
                :86:Terugboeking                                                    \s
                :86:NIET AKKOORD MET AFSCHRIJVING                                   \s
                :86:KOSTEN KINDEROPVANG JUNI                                        \s
                :62F:C110615EUR000000000395,82
                """);
        TransactionRecord r = only(parsed);
        assertAll(
                () -> assertEquals("W.P. Jansen / Terugboeking NIET AKKOORD MET AFSCHRIJVING KOSTEN KINDEROPVANG JUNI", r.description()),
                () -> assertEquals("acct-9348", r.accountId()),
                () -> assertEquals(LocalDate.of(2011, 5, 27), r.bookingDate()),
                () -> assertEquals("mismatch:940A110615 00000/00", parsed.report().layout().details().get("balance_check")));
    }

    @Test
    void multicash_non_swift_fields_describe_an_entry_without_86() {
        ParsedFile parsed = loose("""
                :20:STARTUMS
                :25:1222333444
                :28:1/1
                :NS:22Test GmbH
                23Testkonto
                :60F:C020315EUR0,00
                :61:0203170320CM5000,00S05168790452
                :NS:01Verwendungszweck 1
                15Empfaenger Name
                16 GmbH
                17Buchungstext
                :62F:C020320EUR5000,00
                """);
        TransactionRecord r = only(parsed);
        assertAll(
                () -> assertEquals("Empfaenger Name GmbH / Verwendungszweck 1", r.description()),
                () -> assertEquals(new BigDecimal("5000.00"), r.amount(), "CM: a credit with funds code M"));
    }

    // ------------------------------------------------------------------ MT942

    @Test
    void an_mt942_without_balances_is_read_booked_with_its_currency_from_the_floor_limit_and_its_totals_checked() {
        ParsedFile parsed = loose("""
                :20:ST170119CYC/0001
                :25:PL29114010810000267002001002
                :28C:1/1
                :34F:PLN0
                :13D:1701191815+0100
                :61:1701190119CN0,01NTRFNONREF//MB170119012058
                911-TRANSAKCJA IPH
                :86:911 TRANSAKCJA COLLECT; OD: JAN NOWAK; TYT.: PRZELEW SRODKOW
                :90D:0PLN0,00
                :90C:1PLN0,01
                -
                """);
        TransactionRecord r = only(parsed);
        assertAll(
                () -> assertEquals(TransactionRecord.BOOKED, r.status()),
                () -> assertEquals("PLN", r.currency()),
                () -> assertEquals("mt942", parsed.report().layout().name()),
                () -> assertEquals("ok", parsed.report().layout().details().get("balance_check")),
                () -> assertEquals(2, parsed.report().linesSkipped().get("summary")));
        ParsedFile wrongTotal = loose("""
                :20:ST170119CYC/0001
                :25:PL29114010810000267002001002
                :34F:PLN0
                :61:1701190119CN0,01NTRFNONREF//MB170119012058
                :86:911 TRANSAKCJA
                :90C:2PLN0,02
                """);
        assertEquals("mismatch:ST170119CYC/0001", wrongTotal.report().layout().details().get("balance_check"));
    }

    @Test
    void a_german_mt942_holds_entries_not_yet_booked_and_an_expected_mark_is_pending_anywhere() {
        ParsedFile german = loose("""
                :20:STARTDISPE
                :25:37050198/1002345678
                :28C:00000/001
                :34F:EURD0,00
                :13D:2511281015+0100
                :61:251128DR54,37NMSCNONREF
                :86:106?00KARTENZAHLUNG?20SVWZ+Tankstelle?32ARAL AG
                :90D:1EUR54,37
                """);
        ParsedFile expected = loose(statement("NL20INGB0001234567EUR", ":61:250110ED12,00NTRFNONREF\n:86:/NAME/X/REMI/Y\n"));
        assertAll(
                () -> assertEquals(TransactionRecord.PENDING, only(german).status()),
                () -> assertEquals(new BigDecimal("-54.37"), only(german).amount()),
                () -> assertEquals(TransactionRecord.PENDING, only(expected).status()),
                () -> assertEquals(new BigDecimal("-12.00"), only(expected).amount(), "ED: an expected debit"));
    }

    // ------------------------------------------------------------------ faults

    @Test
    void an_entry_without_account_or_currency_is_quarantined_while_its_neighbours_are_read() {
        ParsedFile parsed = loose("""
                :61:2501100110DR1,00NMSCNONREF
                :86:?20Kaffee
                :20:STARTUMS
                :25:37050198/1002345678
                :61:2501110111DR2,00NMSCNONREF
                :86:?20Tee
                -
                :20:STARTUMS
                :25:37050198/1002345678
                :60F:C250101XYZ1,00
                :61:2501120112DR3,00NMSCNONREF
                :20:STARTUMS
                :25:37050198/1002345678
                :60F:C250101EUR1000,00
                :61:2501130113DR4,00NMSCNONREF
                :86:?20Brot
                :62F:C250131EUR996,00
                """);
        List<Rejection> rejected = parsed.rejections();
        assertAll(
                () -> assertEquals(List.of(ReasonCode.MISSING_FIELD, ReasonCode.MISSING_FIELD, ReasonCode.UNKNOWN_CURRENCY),
                        rejected.stream().map(Rejection::reason).toList()),
                () -> assertEquals(List.of(1, 5, 11), rejected.stream().map(Rejection::lineNumber).toList()),
                () -> assertEquals(":61:2501100110DR1,00NMSCNONREF\n:86:?20Kaffee", rejected.get(0).rawText()),
                () -> assertEquals("no :25: account before this entry", rejected.get(0).detail()),
                () -> assertTrue(rejected.get(1).detail().contains(":60F:"), rejected.get(1).detail()),
                () -> assertEquals("Brot", only(parsed).description()),
                () -> assertEquals(FileReport.PARTLY, parsed.report().status()),
                () -> assertTrue(parsed.report().conserves()));
    }

    @Test
    void a_statement_without_opening_balance_takes_its_currency_from_the_closing_one() {
        ParsedFile parsed = loose(":20:X\n:25:NL20INGB0001234567\n:61:250110D5,00NTRFNONREF\n:86:/NAME/A/REMI/B\n:62F:C250110USD5,00\n");
        assertAll(
                () -> assertEquals("USD", only(parsed).currency()),
                () -> assertEquals("X", parsed.report().layout().details().get("balance_unchecked")));
    }

    @Test
    void unreadable_dates_and_amounts_get_their_own_reasons_and_the_balances_then_do_not_add_up() {
        ParsedFile parsed = loose(statement("37050198/1002345678", """
                :61:2502280230DR1,00NMSCNONREF
                :86:?20Eins
                :61:25AB12DR1,00NMSCNONREF
                :86:?20Zwei
                :61:2501150115D1.249,00NDDTNONREF
                :86:?20Drei
                :61:2612150115DR1,00NMSCNONREF
                :86:?20Vier
                :61:2501160116D12,345NMSCNONREF
                :86:?20Fuenf
                :61:2501170117D5,00NMSCNONREF
                :86:?20=HYPERLINK("x")
                """));
        assertAll(
                () -> assertEquals(List.of(ReasonCode.IMPOSSIBLE_DATE, ReasonCode.INVALID_DATE, ReasonCode.INVALID_AMOUNT,
                                ReasonCode.DATE_OUT_OF_RANGE, ReasonCode.TOO_MANY_DECIMALS, ReasonCode.FORMULA_PAYLOAD),
                        parsed.rejections().stream().map(Rejection::reason).toList()),
                () -> assertEquals(List.of(), rows(parsed), "every entry quarantined"),
                () -> assertEquals(1, closing(parsed).size(), "the closing balance is still read"),
                () -> assertEquals("mismatch:STARTUMS 00001/001", parsed.report().layout().details().get("balance_check")));
    }

    @Test
    void a_statement_naming_another_configured_account_than_its_folder_is_quarantined() {
        ParsedFile parsed = parse(csv("transactions", "main-checking",
                statement("DE02120300000000202051", ":61:2501100110DR1,00NMSCNONREF\n:86:?20Kaffee\n")));
        assertEquals(List.of(ReasonCode.UNKNOWN_ACCOUNT), parsed.rejections().stream().map(Rejection::reason).toList());
        ParsedFile own = parse(csv("transactions", "main-checking",
                statement("50010517/5407324931", ":61:2501100110DR1,00NMSCNONREF\n:86:?20Kaffee\n")));
        assertEquals("main-checking", only(own).accountId(), "the folder's own account by its number");
    }

    @Test
    void a_file_with_statements_but_no_entries_is_header_only() {
        ParsedFile parsed = loose(":20:STARTUMS\n:25:37050198/1002345678\n:28C:1\n:60F:C250101EUR5,00\n:62F:C250102EUR5,00\n-\n");
        assertEquals(ReasonCode.HEADER_ONLY.name(), parsed.report().fileReason());
        assertTrue(parsed.report().conserves());
    }

    // ------------------------------------------------------------------ detection, account numbers, balances

    @Test
    void mt940_and_mt942_are_told_from_content() {
        assertAll(
                () -> assertTrue(Mt940FileParser.looksLikeMt940(TextDecoder.decode(
                        ":20:ST1\n:25:PL29114010810000267002001002\n:28C:1/1\n:34F:PLN0\n".getBytes(StandardCharsets.UTF_8), Optional.empty()))),
                () -> assertFalse(Mt940FileParser.looksLikeMt940(TextDecoder.decode(
                        "Date,Text\n:20:,x\n2024-01-01,:25: y\n".getBytes(StandardCharsets.UTF_8), Optional.empty()))),
                () -> assertFalse(Mt940FileParser.looksLikeMt940(TextDecoder.decode(
                        ":20:only a reference\n:61:but no account\n".getBytes(StandardCharsets.UTF_8), Optional.empty()))));
    }

    @Test
    void the_account_number_of_25_loses_its_bank_code_bic_and_currency() {
        assertAll(
                () -> assertEquals("0532013000", Mt940FileParser.accountNumber("37040044/0532013000")),
                () -> assertEquals("NL20INGB0001234567", Mt940FileParser.accountNumber("NL20INGB0001234567EUR")),
                () -> assertEquals("NL84RABO0121212121", Mt940FileParser.accountNumber("NL84RABO0121212121 EUR")),
                () -> assertEquals("PL27105010251000009085623719", Mt940FileParser.accountNumber("/PL27105010251000009085623719")),
                () -> assertEquals("123456789150ABCDEF002", Mt940FileParser.accountNumber("UBRTHUHB/123456789150ABCDEF002/HUF")),
                () -> assertEquals("NL92 KNAB 0123 4567 89", Mt940FileParser.accountNumber("NL92 KNAB 0123 4567 89")),
                () -> assertEquals("0390123456", Mt940FileParser.accountNumber("TRIODOSBANK/0390123456")));
    }

    @Test
    void the_statement_balances_are_listed_signed_and_typed_as_camt_does() {
        String text = """
                :20:STARTUMS
                :25:37050198/1002345678
                :28C:00042/001
                :60F:D250531EUR15,40
                :61:2506020602CR100,00NMSCNONREF
                :86:?20Gutschrift
                :62M:C250602EUR84,60
                -
                :20:STARTUMS
                :25:37050198/1002345678
                :28C:00042/002
                :60M:C250602EUR84,60
                :62F:C250630EUR84,60
                :64:C250630EUR80,00
                :65:C250701EUR80,00
                :62F:C250630XYZ1,00
                """;
        FileInput input = csv("transactions", null, text);
        List<StatementBalance> balances = Mt940FileParser.balances(input, TextDecoder.decode(input.bytes(), Optional.empty()),
                Fixtures.config().accounts(), null);
        assertEquals(List.of(
                new StatementBalance(4, "acct-5678", LocalDate.of(2025, 5, 31), new BigDecimal("-15.40"), "EUR", "OPBD"),
                new StatementBalance(7, "acct-5678", LocalDate.of(2025, 6, 2), new BigDecimal("84.60"), "EUR", "CLBD"),
                new StatementBalance(12, "acct-5678", LocalDate.of(2025, 6, 2), new BigDecimal("84.60"), "EUR", "OPBD"),
                new StatementBalance(13, "acct-5678", LocalDate.of(2025, 6, 30), new BigDecimal("84.60"), "EUR", "CLBD"),
                new StatementBalance(14, "acct-5678", LocalDate.of(2025, 6, 30), new BigDecimal("80.00"), "EUR", "CLAV")), balances);
        ParsedFile parsed = loose(text);
        assertEquals(5, parsed.report().linesSkipped().get("balance"), "opening and available balances: balance lines");
        assertEquals(balances.stream().filter(b -> b.type().equals("CLBD")).map(b -> b.amount()).toList(),
                closing(parsed).stream().map(BalanceRecord::balance).toList(), "each closing balance a row");
    }

    @Test
    void balances_of_a_statement_without_account_are_left_out_and_the_folder_account_names_the_others() {
        String text = ":20:X\n:60F:C250101EUR1,00\n:20:Y\n:25:37050198/1002345678\n:60F:C250101EUR2,00\n";
        FileInput input = csv("transactions", "main-checking", text);
        List<StatementBalance> withFolder = Mt940FileParser.balances(input, TextDecoder.decode(input.bytes(), Optional.empty()),
                Fixtures.config().accounts(), Fixtures.config().accounts().find("main-checking").orElseThrow());
        List<StatementBalance> loose = Mt940FileParser.balances(input, TextDecoder.decode(input.bytes(), Optional.empty()),
                Fixtures.config().accounts(), null);
        assertEquals(List.of("main-checking", "main-checking"), withFolder.stream().map(StatementBalance::accountId).toList());
        assertEquals(List.of("acct-5678"), loose.stream().map(StatementBalance::accountId).toList());
    }
}
