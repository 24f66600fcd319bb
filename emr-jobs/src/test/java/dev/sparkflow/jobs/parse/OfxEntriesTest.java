package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.BalanceRecord;
import dev.sparkflow.jobs.model.FileReport;
import dev.sparkflow.jobs.model.HoldingRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static dev.sparkflow.jobs.parse.Fixtures.csv;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Investment statements, positions, stated balances and original currencies of OFX files. */
class OfxEntriesTest {
    private static final String INVESTMENT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
            <OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1</TRNUID><INVSTMTRS>
            <DTASOF>20260331</DTASOF><CURDEF>USD</CURDEF>
            <INVACCTFROM><BROKERID>broker.example</BROKERID><ACCTID>55501234</ACCTID></INVACCTFROM>
            <INVTRANLIST>
            <BUYSTOCK><INVBUY><INVTRAN><FITID>B1</FITID><DTTRADE>20260302</DTTRADE><DTSETTLE>20260304</DTSETTLE></INVTRAN>
            <SECID><UNIQUEID>US0000000001</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID>
            <UNITS>2.5</UNITS><UNITPRICE>100.1234567</UNITPRICE><TOTAL>-250.31</TOTAL></INVBUY><BUYTYPE>BUY</BUYTYPE></BUYSTOCK>
            <INCOME><INVTRAN><FITID>I1</FITID><DTTRADE>20260315</DTTRADE><MEMO>Quarterly</MEMO></INVTRAN>
            <SECID><UNIQUEID>US0000000001</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID>
            <INCOMETYPE>DIV</INCOMETYPE><TOTAL>1.10</TOTAL></INCOME>
            <REINVEST><INVTRAN><FITID>R1</FITID><DTTRADE>20260315</DTTRADE></INVTRAN>
            <SECID><UNIQUEID>US0000000001</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID>
            <INCOMETYPE>DIV</INCOMETYPE><TOTAL>-1.10</TOTAL><UNITS>0.011</UNITS></REINVEST>
            <SELLSTOCK><INVSELL><INVTRAN><FITID>S1</FITID><DTTRADE>20260320</DTTRADE></INVTRAN>
            <SECID><UNIQUEID>US0000000009</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID>
            <UNITS>-1</UNITS><TOTAL>abc</TOTAL></INVSELL><SELLTYPE>SELL</SELLTYPE></SELLSTOCK>
            </INVTRANLIST>
            <INVPOSLIST>
            <POSSTOCK><INVPOS><SECID><UNIQUEID>US0000000001</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID>
            <HELDINACCT>CASH</HELDINACCT><POSTYPE>LONG</POSTYPE><UNITS>2.511</UNITS><UNITPRICE>101.5</UNITPRICE>
            <MKTVAL>254.8665</MKTVAL></INVPOS></POSSTOCK>
            <POSOPT><INVPOS><SECID><UNIQUEID>OPT1</UNIQUEID><UNIQUEIDTYPE>OTHER</UNIQUEIDTYPE></SECID>
            <HELDINACCT>CASH</HELDINACCT><POSTYPE>SHORT</POSTYPE><UNITS>3</UNITS><UNITPRICE>1.2</UNITPRICE>
            <DTPRICEASOF>20260330</DTPRICEASOF></INVPOS></POSOPT>
            </INVPOSLIST>
            <INVBAL><AVAILCASH>42.00</AVAILCASH><MARGINBALANCE>0</MARGINBALANCE></INVBAL>
            </INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>
            <SECLISTMSGSRSV1><SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>US0000000001</UNIQUEID>
            <UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID><SECNAME>Example &amp; Co</SECNAME><TICKER>EXC</TICKER></SECINFO>
            </STOCKINFO></SECLIST></SECLISTMSGSRSV1></OFX>
            """;

    private static <T> List<T> of(ParsedFile parsed, Class<T> type) {
        return parsed.records().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void cash_movements_are_transactions_positions_are_holdings_and_cash_is_a_balance() {
        ParsedFile parsed = parse(csv("transactions", null, INVESTMENT));
        FileReport r = parsed.report();
        List<TransactionRecord> transactions = of(parsed, TransactionRecord.class);
        assertEquals(List.of("-250.31", "1.10"), transactions.stream().map(t -> t.amount().toPlainString()).toList());
        assertEquals("Buy / EXC / Example & Co", transactions.get(0).description());
        assertEquals("Dividend / EXC / Example & Co / Quarterly", transactions.get(1).description());
        assertEquals(LocalDate.of(2026, 3, 4), transactions.get(0).valueDate(), "DTSETTLE is the value date");
        assertEquals("acct-1234", transactions.get(0).accountId());

        List<HoldingRecord> holdings = of(parsed, HoldingRecord.class);
        assertEquals(2, holdings.size());
        HoldingRecord exc = holdings.get(0);
        assertEquals("EXC", exc.securityId());
        assertEquals(new BigDecimal("2.511000"), exc.units());
        assertEquals(new BigDecimal("254.87"), exc.marketValue());
        assertEquals(LocalDate.of(2026, 3, 31), exc.asOf(), "no DTPRICEASOF: the statement's DTASOF");
        HoldingRecord option = holdings.get(1);
        assertEquals("OPT1", option.securityId(), "not in SECLIST: its UNIQUEID");
        assertEquals(new BigDecimal("-3.000000"), option.units(), "a short position holds negative units");
        assertNull(option.marketValue());
        assertEquals(LocalDate.of(2026, 3, 30), option.asOf());

        List<BalanceRecord> balances = of(parsed, BalanceRecord.class);
        assertEquals(1, balances.size());
        assertEquals(new BigDecimal("42.00"), balances.get(0).balance());

        assertEquals(1, parsed.rejections().size());
        assertEquals(ReasonCode.INVALID_AMOUNT, parsed.rejections().get(0).reason(), "a sale whose TOTAL is no number");
        assertEquals(1, r.linesSkipped().get(OfxEntries.SKIPPED_UNITS_ONLY), "the reinvestment moves no cash");
        assertEquals(java.util.Map.of("transactions", 2, "holdings", 2, "balances", 1), r.rowsValidByDataset());
        assertTrue(r.conserves());
    }

    @Test
    void a_bank_statement_ledger_balance_is_a_balance_and_origcurrency_is_kept_as_the_original_amount() {
        String ofx = """
                OFXHEADER:100
                DATA:OFXSGML
                VERSION:102

                <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD
                <BANKACCTFROM><BANKID>1<ACCTID>99887766<ACCTTYPE>CHECKING</BANKACCTFROM>
                <BANKTRANLIST>
                <STMTTRN><TRNTYPE>POS<DTPOSTED>20260310<TRNAMT>-117.12<FITID>F1<NAME>HOTEL PARIS
                <ORIGCURRENCY><CURRATE>1.1712<CURSYM>EUR</ORIGCURRENCY></STMTTRN>
                <STMTTRN><TRNTYPE>POS<DTPOSTED>20260311<TRNAMT>-5.00<FITID>F2<NAME>CAFE</STMTTRN>
                </BANKTRANLIST>
                <LEDGERBAL><BALAMT>1234.56<DTASOF>20260331120000[-5:EST]</LEDGERBAL>
                <AVAILBAL><BALAMT>1200.00<DTASOF>20260331</AVAILBAL>
                </STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
                """;
        ParsedFile parsed = parse(csv("transactions", null, ofx));
        List<TransactionRecord> rows = of(parsed, TransactionRecord.class);
        assertEquals(new TransactionRecord.Original(new BigDecimal("-100.00"), "EUR", new BigDecimal("1.1712")),
                rows.get(0).original());
        assertEquals("USD", rows.get(0).currency(), "the amount stays in the statement's currency");
        assertNull(rows.get(1).original());
        List<BalanceRecord> balances = of(parsed, BalanceRecord.class);
        assertEquals(1, balances.size(), "LEDGERBAL only; AVAILBAL is no closing balance");
        assertEquals(new BigDecimal("1234.56"), balances.get(0).balance());
        assertEquals(LocalDate.of(2026, 3, 31), balances.get(0).balanceDate());
        assertEquals(14, parsed.report().linesTotal());
        assertTrue(parsed.report().conserves());
    }
}
