package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.config.JobConfig;
import dev.sparkflow.jobs.io.ClasspathConfigSource;
import dev.sparkflow.jobs.model.LakeDataset;
import dev.sparkflow.jobs.model.ParsedFile;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/** Inline test files for the parsing layer: landed bytes in any encoding, OFX documents, one parser. */
final class Fixtures {
    /** Every test parses as if ingested on this day; later dates are out of range. */
    static final LocalDate INGEST_DATE = LocalDate.of(2026, 11, 21);
    static final Charset WINDOWS_1252 = TextDecoder.WINDOWS_1252;
    /** The hausbank-giro profile's header line. */
    static final String HAUSBANK_HEADER = "Buchungstag;Valuta;Verwendungszweck;Soll;Haben;Währung";
    /** The cardco-csv profile's header line. */
    static final String CARDCO_HEADER = "Transaction Date,Post Date,Description,Category,Amount";

    private static JobConfig config;

    private Fixtures() {
    }

    /** The repository's own config/, as the build copies it onto the classpath. */
    static synchronized JobConfig config() {
        if (config == null) config = JobConfig.load(new ClasspathConfigSource());
        return config;
    }

    static ParsedFile parse(FileInput input) {
        return new FileParser(config(), INGEST_DATE).parse(input);
    }

    /** A UTF-8 text file landed under {@code landing/<dataset>/<folder>/}; folder may be null. */
    static FileInput csv(String dataset, String folder, String text) {
        return encoded(dataset, folder, text, StandardCharsets.UTF_8);
    }

    /** A text file in {@code charset} (a UTF-8/UTF-16 BOM, if wanted, is written as U+FEFF in the text). */
    static FileInput encoded(String dataset, String folder, String text, Charset charset) {
        return bytes(dataset, folder, text.getBytes(charset));
    }

    static FileInput bytes(String dataset, String folder, byte[] bytes) {
        String name = (folder == null ? "" : folder + "/") + "export.csv";
        return new FileInput(dataset + "/" + name, LakeDataset.fromDirName(dataset), folder, "sha-" + bytes.length, bytes);
    }

    /** {@code text} in {@code charset}, with every {@code marker} character replaced by the raw byte {@code b}. */
    static byte[] withByte(String text, Charset charset, char marker, int b) {
        byte[] bytes = text.getBytes(charset);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == (byte) marker) bytes[i] = (byte) b;
        }
        return bytes;
    }

    /** {@code prefix} followed by {@code count} copies of {@code fill}. */
    static byte[] startingWith(byte[] prefix, int fill, int count) {
        byte[] bytes = Arrays.copyOf(prefix, prefix.length + count);
        Arrays.fill(bytes, prefix.length, bytes.length, (byte) fill);
        return bytes;
    }

    /** An OFX 1.x (SGML) bank statement for {@code acctId} in {@code currency} holding {@code transactions}. */
    static String ofxSgml(String acctId, String currency, String... transactions) {
        return """
                OFXHEADER:100
                DATA:OFXSGML
                VERSION:102
                SECURITY:NONE
                ENCODING:USASCII
                CHARSET:1252
                COMPRESSION:NONE
                OLDFILEUID:NONE
                NEWFILEUID:NONE

                <OFX>
                <SIGNONMSGSRSV1>
                <SONRS>
                <STATUS>
                <CODE>0
                <SEVERITY>INFO
                </STATUS>
                <DTSERVER>20240110120000
                <LANGUAGE>ENG
                </SONRS>
                </SIGNONMSGSRSV1>
                <BANKMSGSRSV1>
                <STMTTRNRS>
                <TRNUID>1
                <STATUS>
                <CODE>0
                <SEVERITY>INFO
                </STATUS>
                <STMTRS>
                <CURDEF>%s
                <BANKACCTFROM>
                <BANKID>50010517
                <ACCTID>%s
                <ACCTTYPE>CHECKING
                </BANKACCTFROM>
                <BANKTRANLIST>
                <DTSTART>20240101
                <DTEND>20240110
                %s</BANKTRANLIST>
                <LEDGERBAL>
                <BALAMT>100.00
                <DTASOF>20240110
                </LEDGERBAL>
                </STMTRS>
                </STMTTRNRS>
                </BANKMSGSRSV1>
                </OFX>
                """.formatted(currency, acctId, String.join("", transactions));
    }

    /** One SGML STMTTRN; a null date or amount leaves that element out. */
    static String stmttrn(String date, String amount, String fitId, String name) {
        return "<STMTTRN>\n<TRNTYPE>" + (amount != null && amount.startsWith("-") ? "DEBIT" : "CREDIT") + "\n"
                + (date == null ? "" : "<DTPOSTED>" + date + "\n")
                + (amount == null ? "" : "<TRNAMT>" + amount + "\n")
                + "<FITID>" + fitId + "\n<NAME>" + name + "\n</STMTTRN>\n";
    }

    /** The raw text the quarantine keeps for a STMTTRN: the element up to its closing tag. */
    static String block(String stmttrn) {
        return stmttrn.substring(0, stmttrn.indexOf("</STMTTRN>")).strip();
    }

    /** The 1-based line of {@code document} on which {@code fragment} starts. */
    static int lineOf(String document, String fragment) {
        int at = document.indexOf(fragment);
        if (at < 0) throw new IllegalArgumentException("fragment not in document");
        return (int) document.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /** An OFX 2.x (XML) credit-card statement for {@code acctId}; {@code transactions} are STMTTRN elements. */
    static String ofxXml(String acctId, String... transactions) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
                <OFX>
                  <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
                    <DTSERVER>20240110</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
                  <CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1</TRNUID>
                    <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
                    <CCSTMTRS><CURDEF>EUR</CURDEF><CCACCTFROM><ACCTID>%s</ACCTID></CCACCTFROM>
                      <BANKTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240110</DTEND>
                %s      </BANKTRANLIST>
                      <LEDGERBAL><BALAMT>0.00</BALAMT><DTASOF>20240110</DTASOF></LEDGERBAL>
                    </CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>
                </OFX>
                """.formatted(acctId, String.join("", transactions));
    }

    /** One XML STMTTRN on a line of its own. */
    static String xmlTrn(String date, String amount, String fitId, String name, String memo) {
        return "        <STMTTRN><TRNTYPE>" + (amount.startsWith("-") ? "DEBIT" : "CREDIT") + "</TRNTYPE>"
                + "<DTPOSTED>" + date + "</DTPOSTED><TRNAMT>" + amount + "</TRNAMT><FITID>" + fitId + "</FITID>"
                + "<NAME>" + name + "</NAME>" + (memo == null ? "" : "<MEMO>" + memo + "</MEMO>") + "</STMTTRN>\n";
    }
}
