package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.TransactionRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What statements say of a payment besides its text — the counterparty's IBAN, the bank's transaction code, the
 * end-to-end id — kept from real-layout exports of the corpus, in each format that carries them.
 */
class BankDetailsTest {
    private static List<TransactionRecord> read(String corpusFile) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/corpus").resolve(corpusFile));
        ParsedFile parsed = Fixtures.parse(new FileInput("transactions/" + Path.of(corpusFile).getFileName(),
                LakeDataset.TRANSACTIONS, null, "sha", bytes));
        return parsed.records().stream().filter(r -> r instanceof TransactionRecord)
                .map(TransactionRecord.class::cast).toList();
    }

    private static TransactionRecord at(List<TransactionRecord> rows, int line) {
        return rows.stream().filter(r -> r.lineNumber() == line).findFirst().orElseThrow();
    }

    @Test
    void camt_keeps_the_counterparty_iban_the_iso_code_and_the_end_to_end_id() throws IOException {
        List<TransactionRecord> rows = read("de-deutsche-bank-camt/CAMT053_DE43100700000123456700_20250831.xml");
        TransactionRecord salary = rows.stream().filter(r -> r.description().contains("Gehalt")
                || r.bank() != null && "LG-2025-08-4471".equals(r.bank().endToEndId())).findFirst().orElseThrow();
        assertEquals(new TransactionRecord.Bank("DE62200400000812233400", "PMNT-RCDT-SALA", "LG-2025-08-4471"),
                salary.bank(), "money in: the debtor's IBAN");
        TransactionRecord standingOrder = rows.stream().filter(r -> r.bank() != null
                && "PMNT-ICDT-STDO".equals(r.bank().transactionCode())).findFirst().orElseThrow();
        assertEquals("DE12500105170648489890", standingOrder.bank().counterpartyIban(), "money out: the creditor's");
        assertNull(standingOrder.bank().endToEndId(), "NOTPROVIDED is no id");
    }

    @Test
    void mt940_keeps_the_german_gvc_the_account_of_sub_field_31_and_eref() throws IOException {
        List<TransactionRecord> rows = read("de-sparkasse-mt940/20250630-1002345678-umsatz.sta");
        TransactionRecord salary = rows.stream().filter(r -> r.description().contains("Gehalt")).findFirst().orElseThrow();
        assertEquals(new TransactionRecord.Bank("DE98500700100123456700", "166", "GEH2506"), salary.bank());
    }

    @Test
    void a_csv_counterparty_column_and_type_code_are_kept_apart_from_the_description() throws IOException {
        List<TransactionRecord> rows = read("nl-ing/NL36INGB0004817265_01-06-2025_30-06-2025.csv");
        TransactionRecord spotify = at(rows, 2);
        assertEquals("NL18INGB0006711223", spotify.bank().counterpartyIban(), "ING's Tegenrekening");
        assertEquals("IC", spotify.bank().transactionCode(), "ING's Code column");
    }

    @Test
    void ofx_keeps_the_trntype_as_the_transaction_code() throws IOException {
        List<TransactionRecord> rows = read("us-chase/Chase9753_Activity_20250821.QFX");
        assertEquals(true, rows.stream().allMatch(r -> r.bank() != null && !r.bank().transactionCode().isBlank()));
    }
}
