package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.LakeDataset;
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

import static dev.sparkflow.jobs.parse.Fixtures.WINDOWS_1252;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** QIF as Quicken, Microsoft Money, GnuCash for Android, MoneyManagerEx and banks write it. */
class QifFileParserTest {

    /** {@code text} (lines joined with LF) landed loose as {@code transactions/<name>} in UTF-8. */
    private static ParsedFile qif(String name, String text) {
        return qif(name, text, StandardCharsets.UTF_8);
    }

    private static ParsedFile qif(String name, String text, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        ParsedFile parsed = parse(new FileInput("transactions/" + name, LakeDataset.TRANSACTIONS, null, "sha-" + name, bytes));
        FileReport r = parsed.report();
        int skipped = r.linesSkipped().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(r.linesTotal(), skipped + r.rowsValid() + r.rowsQuarantined(), () -> "every line counted once: " + r);
        return parsed;
    }

    private static List<TransactionRecord> rows(ParsedFile parsed) {
        return parsed.records().stream().map(TransactionRecord.class::cast).toList();
    }

    private static TransactionRecord row(ParsedFile parsed, int line) {
        return rows(parsed).stream().filter(t -> t.lineNumber() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no row on line " + line + ": " + parsed.rejections()));
    }

    private static Rejection rejected(ParsedFile parsed, int line) {
        return parsed.rejections().stream().filter(q -> q.lineNumber() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no rejection on line " + line + ": " + rows(parsed)));
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void quicken_apostrophe_years_and_space_padded_days_read_month_first() {
        ParsedFile parsed = qif("checking.qif", """
                !Type:Bank
                D6/13'25
                T-45.00
                PShell
                ^
                D 7/ 3'25
                T-12.00
                PSafeway
                ^
                D1/ 3' 5
                T-1.00
                POld
                ^
                """);
        assertAll(
                () -> assertEquals(LocalDate.of(2025, 6, 13), row(parsed, 2).bookingDate()),
                () -> assertEquals(LocalDate.of(2025, 7, 3), row(parsed, 6).bookingDate()),
                () -> assertEquals(LocalDate.of(2005, 1, 3), row(parsed, 10).bookingDate()),
                () -> assertEquals("month-day-year", parsed.report().layout().details().get("date_format")),
                () -> assertEquals("USD", row(parsed, 2).currency()));
    }

    @Test
    void the_date_text_helper_keeps_four_digit_years_after_an_apostrophe() {
        assertAll(
                () -> assertEquals("6/13/2025", QifFileParser.dateText("6/13'25")),
                () -> assertEquals("1/ 3/2005", QifFileParser.dateText("1/ 3' 5")),
                () -> assertEquals("28.02/2009", QifFileParser.dateText("28.02'2009")),
                () -> assertEquals("2024/01/02", QifFileParser.dateText("2024'01'02")),
                () -> assertEquals("26 Jan 2026", QifFileParser.dateText("26 Jan 2026")));
    }

    @Test
    void day_first_iso_dotted_and_month_name_dates_are_decided_over_the_file() {
        ParsedFile dayFirst = qif("uk.qif", "!Type:Bank\nD02/06/2026\nT-1.00\nPA\n^\nD13/06/2026\nT-2.00\nPB\n^\n");
        ParsedFile iso = qif("iso.qif", "!Type:Bank\nD2026-06-02\nT-1.00\nPA\n^\n");
        ParsedFile dotted = qif("de.qif", "!Type:Bank\nD02.06.26\nT-1,00\nPA\n^\nD03.06.26\nT-2,00\nPB\n^\n");
        ParsedFile named = qif("amex.qif", "!Type:CCard\nD26 Jan 2026\nN20260126\nT-25.24\nPAMAZON.COM.CA    WWW.AMAZON.CO\nM\n^\n\n"
                + "D23 Jan 2026\nN20260123\nT-10.49\nPSKIPTHEDISHES\nM\n^\n");
        ParsedFile money = qif("money.qif", "!Type:Bank\nD04/12'2025\nCX\nT50.00\nPA\n^\nD28/12'2025\nT-2.00\nPB\n^\n");
        assertAll(
                () -> assertEquals(LocalDate.of(2026, 6, 2), row(dayFirst, 2).bookingDate()),
                () -> assertEquals(LocalDate.of(2026, 6, 2), row(iso, 2).bookingDate()),
                () -> assertEquals(LocalDate.of(2026, 6, 2), row(dotted, 2).bookingDate()),
                () -> assertEquals(money("-1.00"), row(dotted, 2).amount()),
                () -> assertEquals(LocalDate.of(2026, 1, 26), row(named, 2).bookingDate()),
                () -> assertEquals("AMAZON.COM.CA WWW.AMAZON.CO", row(named, 2).description()),
                () -> assertEquals(Map.of("markup", 11, "blank", 1), named.report().linesSkipped()),
                () -> assertEquals(LocalDate.of(2025, 12, 4), row(money, 2).bookingDate()));
    }

    @Test
    void thousands_commas_and_european_decimals_are_decided_over_the_file() {
        ParsedFile us = qif("us.qif", "!Type:Bank\nD6/2/25\nT-1,234.56\nPRent\n^\nD6/3/25\nT-1,000\nPCar\n^\nD6/4/25\nT12.50\nPRefund\n^\n");
        ParsedFile eu = qif("eu.qif", "!Type:Bank\nD02.06.2025\nT-1.234,56\nPMiete\n^\nD03.06.2025\nT-1.000\nPAuto\n^\nD04.06.2025\nT12,50\nPGutschrift\n^\n");
        assertAll(
                () -> assertEquals(money("-1234.56"), row(us, 2).amount()),
                () -> assertEquals(money("-1000.00"), row(us, 6).amount()),
                () -> assertEquals(money("-1234.56"), row(eu, 2).amount()),
                () -> assertEquals(money("-1000.00"), row(eu, 6).amount()),
                () -> assertEquals(money("12.50"), row(eu, 10).amount()),
                () -> assertEquals(",", eu.report().layout().details().get("decimal")));
    }

    @Test
    void u_wins_over_t_and_a_record_without_either_adds_up_its_splits() {
        ParsedFile quicken = qif("q.qif", "!Type:Bank\nD1/31'26\nU1,000,250.00\nT1,000,250.00\nCX\nPLottery\n^\n");
        ParsedFile gnucash = qif("20260614_093012_gnucash_export_Book_1_EUR.qif", """
                !Account
                NAssets:Current Assets:Checking Account
                ^
                !Type:Bank
                D2026/6/6
                PSupermarket
                M
                SExpenses:Groceries
                $-61.23
                SExpenses:Household
                EDish soap
                $-8.97
                ^
                D2026/6/5
                PSalary
                MJune
                SIncome:Salary
                $3215.40
                ^
                """);
        assertAll(
                () -> assertEquals(money("1000250.00"), row(quicken, 2).amount()),
                () -> assertEquals(money("-70.20"), row(gnucash, 5).amount()),
                () -> assertEquals("Supermarket", row(gnucash, 5).description()),
                () -> assertEquals(money("3215.40"), row(gnucash, 14).amount()),
                () -> assertEquals("Salary / June", row(gnucash, 14).description()),
                () -> assertEquals("assets-current-assets-checking-account", row(gnucash, 5).accountId()),
                () -> assertEquals("EUR", row(gnucash, 5).currency()),
                () -> assertEquals("the file name", gnucash.report().layout().details().get("currency_from")));
    }

    @Test
    void a_split_record_is_one_row_of_its_total_without_the_split_memos() {
        ParsedFile parsed = qif("Everyday Checking.qif", """
                !Type:Bank
                D6/9'25
                T-120.00
                PCostco
                MHousehold run
                SGroceries
                $-85.00
                SHousehold
                EPaper goods
                $-35.00
                ^
                """);
        assertAll(
                () -> assertEquals(1, rows(parsed).size()),
                () -> assertEquals(money("-120.00"), row(parsed, 2).amount()),
                () -> assertEquals("Costco / Household run", row(parsed, 2).description()),
                () -> assertEquals(Map.of("markup", 10), parsed.report().linesSkipped()));
    }

    @Test
    void the_autoswitch_account_list_names_no_account_and_the_account_block_after_it_does() {
        ParsedFile parsed = qif("all accounts.qif", """
                !Option:AutoSwitch
                !Account
                NEveryday Checking
                TBank
                ^
                NRewards Visa 8841
                TCCard
                ^
                !Clear:AutoSwitch
                !Account
                NRewards Visa 8841
                TCCard
                ^
                !Type:CCard
                D7/1/25
                T-23.40
                PTRADER JOE'S
                ^
                !Account
                NEveryday Checking
                TBank
                ^
                !Type:Bank
                D7/2/25
                T-9.75
                PCOFFEE
                ^
                """);
        assertAll(
                () -> assertEquals("card-8841", row(parsed, 15).accountId()),
                () -> assertEquals("everyday-checking", row(parsed, 24).accountId()),
                () -> assertNull(parsed.report().accountId()),
                () -> assertEquals(Map.of("account_list", 9, "account", 8, "markup", 8), parsed.report().linesSkipped()));
    }

    @Test
    void a_section_that_starts_inside_an_autoswitch_list_belongs_to_the_last_account_listed() {
        ParsedFile parsed = qif("export.qif", "!Option:AutoSwitch\n!Account\nNHousehold Cash\nTCash\n^\n!Type:Cash\n"
                + "D7/1/25\nT-5.00\nPIce cream\n^\n");
        assertEquals("household-cash", row(parsed, 7).accountId());
    }

    @Test
    void an_account_block_without_a_type_takes_the_sections_so_a_numbered_card_is_a_card() {
        ParsedFile card = qif("x.qif", "!Account\nNMastercard Gold 5521\n^\n!Type:CCard\nD7/1/25\nT-5.00\nPA\n^\n");
        ParsedFile bank = qif("y.qif", "!Account\nNChecking 5521\n^\n!Type:Bank\nD7/1/25\nT-5.00\nPA\n^\n");
        ParsedFile iban = qif("z.qif", "!Account\nNDE89370400440532013000\nTBank\n^\n!Type:Bank\nD01.07.2025\nT-5,00\nPA\n^\n");
        assertAll(
                () -> assertEquals("card-5521", row(card, 5).accountId()),
                () -> assertEquals("acct-5521", row(bank, 5).accountId()),
                () -> assertEquals("iban-de89370400440532013000", row(iban, 6).accountId()),
                () -> assertEquals("the !Account block", iban.report().layout().details().get("currency_from")));
    }

    @Test
    void category_class_memorized_security_and_price_lists_and_options_are_named_non_data_lines() {
        ParsedFile parsed = qif("full.qif", """
                !Option:MDY
                !Type:Class
                NFamily
                ^
                !Type:Tag
                NVacation
                ^
                !Type:Cat
                NGroceries
                E
                ^
                !Type:Memorized
                T-64.18
                PSafeway
                KP
                ^
                !Type:Security
                NApple Inc
                SAAPL
                TStock
                ^
                !Type:Prices
                "AAPL",244 1/8," 4/ 2'26"
                ^
                !Type:Bank
                D4/3'26
                T-1.00
                PA
                ^
                """);
        assertAll(
                () -> assertEquals(1, rows(parsed).size()),
                () -> assertEquals(0, parsed.rejections().size()),
                () -> assertEquals(Map.of("option", 1, "class_list", 6, "category_list", 4, "memorized_list", 5,
                        "security_list", 5, "price_list", 3, "markup", 4), parsed.report().linesSkipped()));
    }

    @Test
    void microsoft_moneys_opening_balance_is_a_balance_line_that_names_the_account() {
        ParsedFile parsed = qif("money_export.qif", """
                !Type:Bank
                D31/12'2025
                CX
                T1,842.37
                POpening Balance
                L[Conto Fineco]
                ^
                D02/01'2026
                T-850.00
                PImmobiliare Sole
                LCasa:Affitto
                ^
                D07/01'2026
                CX
                T-50.00
                L[Contanti]
                ^
                """);
        assertAll(
                () -> assertEquals(2, rows(parsed).size()),
                () -> assertEquals("conto-fineco", row(parsed, 8).accountId()),
                () -> assertEquals("Contanti", row(parsed, 13).description()),
                () -> assertEquals(6, parsed.report().linesSkipped().get("balance")));
    }

    @Test
    void a_localised_opening_balance_or_a_transfer_to_the_named_account_opens_the_register_too() {
        ParsedFile french = qif("export.qif", "!Type:Bank\nD28.02'2026\nT2.29\nCX\nPSolde initial\nL[Compte courant]\n^\n"
                + "D01.03'2026\nT-9.00\nPRS Equipement\nLLoisirs:Sport\n^\n");
        ParsedFile kmymoney = qif("export2.qif", "!Account\nNGirokonto\nTBank\n^\n!Type:Bank\nD01.01.2026\nT500,00\nCX\n"
                + "PAnfangsbestand\nL[Girokonto]\n^\nD02.01.2026\nT-9,00\nPBäcker\n^\n");
        ParsedFile notFirst = qif("export3.qif", "!Type:Bank\nD1/2/26\nT-5.00\nPCoffee\n^\nD1/3/26\nT100.00\n"
                + "POpening Balance\nL[Savings]\n^\n");
        assertAll(
                () -> assertEquals("compte-courant", row(french, 8).accountId()),
                () -> assertEquals(1, rows(french).size()),
                () -> assertEquals(1, rows(kmymoney).size()),
                () -> assertEquals("girokonto", row(kmymoney, 12).accountId()),
                () -> assertEquals(2, rows(notFirst).size()));
    }

    @Test
    void records_missing_their_caret_end_at_the_next_date_header_or_end_of_file() {
        ParsedFile parsed = qif("statement.qif", """
                !Type:Bank
                D02/03/2026
                T-18.50
                PWaterstones
                D03/03/2026
                T-2.10
                PFee
                !Type:Bank
                D14/03/2026
                T150.00
                PTransfer in""");
        assertAll(
                () -> assertEquals(3, rows(parsed).size()),
                () -> assertEquals(money("-18.50"), row(parsed, 2).amount()),
                () -> assertEquals("Fee", row(parsed, 5).description()),
                () -> assertEquals(money("150.00"), row(parsed, 9).amount()));
    }

    @Test
    void a_record_without_a_date_is_quarantined_alone() {
        ParsedFile parsed = qif("statement.qif", "!Type:Bank\nD02/03/2026\nT-1.00\nPA\n^\nT-2.00\nPB\n^\nD14/03/2026\nT-3.00\nPC\n^\n");
        assertAll(
                () -> assertEquals(2, rows(parsed).size()),
                () -> assertEquals(ReasonCode.MISSING_DATE, rejected(parsed, 6).reason()),
                () -> assertEquals(FileReport.PARTLY, parsed.report().status()));
    }

    @Test
    void investment_records_that_move_cash_are_rows_signed_by_their_action() {
        ParsedFile parsed = qif("brokerage.qif", """
                !Type:Security
                NVanguard Total Stock
                SVTI
                TETF
                ^
                !Account
                NFidelity Brokerage 4418
                TInvst
                ^
                !Type:Invst
                D1/5'26
                NXIn
                PTransfer from Checking
                U5,000.00
                T5,000.00
                L[Checking]
                $5,000.00
                ^
                D1/7'26
                NBuy
                YVanguard Total Stock
                I298.41
                Q10
                T2,984.10
                ^
                D3/27'26
                NDiv
                YVanguard Total Stock
                T9.46
                ^
                D4/15'26
                NMiscExp
                T25.00
                MAnnual fee
                ^
                D6/12'26
                NXOut
                T1,500.00
                L[Checking]
                ^
                """);
        assertAll(
                () -> assertEquals(money("5000.00"), row(parsed, 11).amount()),
                () -> assertEquals("XIn / Transfer from Checking", row(parsed, 11).description()),
                () -> assertEquals(money("-2984.10"), row(parsed, 19).amount()),
                () -> assertEquals("Buy / VTI / Vanguard Total Stock", row(parsed, 19).description()),
                () -> assertEquals(money("9.46"), row(parsed, 26).amount()),
                () -> assertEquals("Div / VTI / Vanguard Total Stock", row(parsed, 26).description()),
                () -> assertEquals(money("-25.00"), row(parsed, 31).amount()),
                () -> assertEquals(money("-1500.00"), row(parsed, 36).amount()),
                () -> assertEquals("acct-4418", row(parsed, 36).accountId()),
                () -> assertEquals(5, parsed.report().linesSkipped().get("security_list")));
    }

    @Test
    void share_movements_reinvestments_and_cash_settled_elsewhere_are_quarantined_as_unsupported() {
        ParsedFile parsed = qif("brokerage.qif", """
                !Type:Invst
                D2/10'26
                NShrsIn
                YApple Inc
                Q3
                ^
                D3/27'26
                NReinvDiv
                YApple Inc
                T9.46
                ^
                D5/1'26
                NDivX
                YApple Inc
                T10.12
                L[Everyday Checking]
                ^
                D5/2'26
                NFrobnicate
                T1.00
                ^
                D5/3'26
                NSell
                YApple Inc
                T483.35
                ^
                """);
        assertAll(
                () -> assertEquals(ReasonCode.UNSUPPORTED_RECORD, rejected(parsed, 2).reason()),
                () -> assertEquals(ReasonCode.UNSUPPORTED_RECORD, rejected(parsed, 7).reason()),
                () -> assertEquals("DivX: its cash moved in [Everyday Checking], not in this account", rejected(parsed, 12).detail()),
                () -> assertEquals(ReasonCode.UNSUPPORTED_RECORD, rejected(parsed, 18).reason()),
                () -> assertEquals(money("483.35"), row(parsed, 22).amount()));
    }

    @Test
    void records_of_sections_we_do_not_read_are_quarantined_not_dropped() {
        ParsedFile parsed = qif("biz.qif", "!Type:Invoice\nD1/5'26\nT100.00\nPClient\n^\n!Type:Bank\nD1/6'26\nT-1.00\nPA\n^\n");
        assertAll(
                () -> assertEquals(ReasonCode.UNSUPPORTED_RECORD, rejected(parsed, 2).reason()),
                () -> assertEquals(1, rows(parsed).size()));
    }

    @Test
    void a_windows_1252_uk_download_reads_its_pound_signs_and_states_pounds() {
        String text = String.join("\r\n", "!Type:Bank",
                "D25/03/2026", "T-12.84", "PCARD PAYMENT TO SPOTIFY,10.99 EUR, RATE 0.8559/£ ON 23-03-2026", "^",
                "D20/03/2026", "T-9.45", "PCARD PAYMENT TO PRET A MANGER,9.45 GBP, RATE 1.00/GBP ON 18-03-2026", "^",
                "D10/03/2026", "T-31.99", "PCARD PAYMENT TO ARGOS LTD,31.99 GBP, RATE 1.00/GBP ON 08-03-2026", "^",
                "D04/03/2026", "T-2.10", "PMONTHLY ACCOUNT FEE", "^") + "\r\n";
        ParsedFile parsed = qif("Statement.qif", text, WINDOWS_1252);
        assertAll(
                () -> assertEquals("CARD PAYMENT TO SPOTIFY,10.99 EUR, RATE 0.8559/£ ON 23-03-2026", row(parsed, 2).description()),
                () -> assertEquals("GBP", row(parsed, 2).currency()),
                () -> assertEquals(LocalDate.of(2026, 3, 4), row(parsed, 14).bookingDate()));
    }

    @Test
    void an_account_block_stating_its_currency_wins_over_the_home_currency() {
        ParsedFile parsed = qif("finanzen.qif", "!Account\nNPostFinance Privatkonto\nTBank\nD[CHF]\n$4 250.00\n^\n!Type:Cash\n"
                + "D01.07.2026\nCR\nT-1850.00\nPImmobilien Brunner AG\nLWohnen:Miete\nMPrämie Juli\nMRechnung 77\n^\n");
        assertAll(
                () -> assertEquals("CHF", row(parsed, 8).currency()),
                () -> assertEquals("Immobilien Brunner AG / Prämie Juli Rechnung 77", row(parsed, 8).description()),
                () -> assertEquals("postfinance-privatkonto", row(parsed, 8).accountId()));
    }

    @Test
    void merchants_country_and_file_name_state_the_currency_else_day_first_files_take_the_home_currency() {
        String westpac = "!Type:Bank\nD14/05/2026\nMDEBIT CARD PURCHASE COLES 0841 CARINDALE    AUS\nT-86.35\n^\n"
                + "D13/05/2026\nMDEBIT CARD PURCHASE BP CONNECT      AUS\nT-72.4\n^\n"
                + "D8/05/2026\nMPAYMENT BY AUTHORITY TO ENERGEX\nT-190\n^\n";
        ParsedFile au = qif("Data_export.qif", westpac);
        ParsedFile named = qif("export_USD.qif", "!Type:Bank\nD2026/6/2\nT-1.00\nPA\n^\n");
        ParsedFile plain = qif("export.qif", "!Type:Bank\nD14/06/2026\nT-1.00\nPA\n^\n");
        assertAll(
                () -> assertEquals("AUD", row(au, 2).currency()),
                () -> assertEquals(money("-72.40"), row(au, 6).amount()),
                () -> assertEquals("DEBIT CARD PURCHASE COLES 0841 CARINDALE AUS", row(au, 2).description()),
                () -> assertEquals("USD", row(named, 2).currency()),
                () -> assertEquals("EUR", row(plain, 2).currency()));
    }

    @Test
    void a_line_with_an_invalid_utf8_byte_quarantines_its_record_alone() {
        byte[] bytes = Fixtures.withByte("!Type:Bank\nD6/2/25\nT-1.00\nPCafé\n^\nD6/3/25\nT-2.00\nPCaf#\n^\n",
                StandardCharsets.UTF_8, '#', 0xE9);
        ParsedFile parsed = parse(new FileInput("transactions/x.qif", LakeDataset.TRANSACTIONS, null, "sha-x", bytes));
        assertAll(
                () -> assertEquals("UTF-8", parsed.report().encoding()),
                () -> assertEquals("Café", row(parsed, 2).description()),
                () -> assertEquals(ReasonCode.BAD_ENCODING, rejected(parsed, 6).reason()));
    }

    @Test
    void the_credit_lyonnais_header_without_a_colon_is_qif_too() {
        ParsedFile parsed = qif("releve.qif", "!type bank\nD04/08/25\nT-25.00\nMCHEQUE N° 8400780\n^\n");
        assertAll(
                () -> assertEquals("qif", parsed.report().layout().kind()),
                () -> assertEquals("CHEQUE N° 8400780", row(parsed, 2).description()));
    }

    @Test
    void the_helpers_read_section_headers_and_transfer_categories() {
        assertAll(
                () -> assertEquals("oth l", QifFileParser.sectionType("!type: oth  l")),
                () -> assertEquals("bank", QifFileParser.sectionType("!type bank")),
                () -> assertEquals("Checking", QifFileParser.transferTarget("[Checking]/Family")),
                () -> assertNull(QifFileParser.transferTarget("Groceries")),
                () -> assertEquals("GBP", QifFileParser.namedCurrency(List.of("x 1.00 GBP", "y £2", "z"))),
                () -> assertNull(QifFileParser.namedCurrency(List.of("x 1.00 GBP", "y 2.00 EUR"))),
                () -> assertEquals("CHF", QifFileParser.blockCurrency("Privatkonto [CHF]")),
                () -> assertEquals("GBP", QifFileParser.blockCurrency("GB82WEST12345698765432")),
                () -> assertNull(QifFileParser.blockCurrency("Everyday Checking")),
                () -> assertNull(QifFileParser.cashless("Buy", "")),
                () -> assertEquals(ReasonCode.UNSUPPORTED_RECORD, QifFileParser.cashless("", "").reason()));
    }
}
