package dev.sparkflow.jobs.parse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.sparkflow.jobs.parse.Fixtures.WINDOWS_1252;
import static dev.sparkflow.jobs.parse.Fixtures.startingWith;
import static dev.sparkflow.jobs.parse.Fixtures.withByte;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sniffing what bytes are, guessing the encoding (UTF-8, Western single-byte, East Asian, UTF-16), honouring BOMs
 * and declarations, cutting NUL padding, and splitting lines.
 */
class TextDecoderTest {

    private static DecodedText guess(byte[] bytes) {
        return TextDecoder.decode(bytes, Optional.empty());
    }

    private static List<String> texts(DecodedText text) {
        return text.lines().stream().map(DecodedText.Line::text).toList();
    }

    @Test
    void magic_numbers_name_spreadsheets_archives_and_pdfs() {
        assertEquals(TextDecoder.Sniff.SPREADSHEET_OR_ARCHIVE, TextDecoder.sniff(new byte[]{0x50, 0x4B, 0x03, 0x04, 0}));
        assertEquals(TextDecoder.Sniff.SPREADSHEET_OR_ARCHIVE, TextDecoder.sniff(new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}));
        assertEquals(TextDecoder.Sniff.SPREADSHEET_OR_ARCHIVE, TextDecoder.sniff(new byte[]{0x1F, (byte) 0x8B, 8}));
        assertEquals(TextDecoder.Sniff.PDF, TextDecoder.sniff("%PDF-1.4".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void nul_heavy_bytes_are_binary_and_a_few_escapes_are_text() {
        byte[] nulsInside = startingWith(new byte[]{'a', 'b'}, 0, 100);
        nulsInside[nulsInside.length - 1] = 'c';
        assertEquals(TextDecoder.Sniff.BINARY, TextDecoder.sniff(nulsInside));
        assertEquals(TextDecoder.Sniff.BINARY, TextDecoder.sniff(startingWith(new byte[0], 0x01, 50)));
        assertEquals(TextDecoder.Sniff.TEXT, TextDecoder.sniff("a,b\n\u001B[1mc,d\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(TextDecoder.Sniff.TEXT, TextDecoder.sniff(new byte[0]));
    }

    @Test
    void utf16_is_recognised_with_or_without_a_bom() {
        assertEquals(TextDecoder.Sniff.UTF16LE, TextDecoder.sniff("\uFEFFDate,Amount".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(TextDecoder.Sniff.UTF16BE, TextDecoder.sniff("\uFEFFDate,Amount".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(TextDecoder.Sniff.UTF16LE, TextDecoder.sniff("Date,Amount\n".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(TextDecoder.Sniff.UTF16BE, TextDecoder.sniff("Date,Amount\n".getBytes(StandardCharsets.UTF_16BE)));
    }

    @Test
    void a_utf16le_file_with_a_bom_decodes_to_lines() {
        DecodedText text = guess("\uFEFFDatum;Betrag\r\nBäckerei;-2,90\r\n".getBytes(StandardCharsets.UTF_16LE));
        assertEquals("UTF-16LE", text.encoding());
        assertTrue(text.bom());
        assertEquals(List.of("Datum;Betrag", "Bäckerei;-2,90"), texts(text));
    }

    @Test
    void a_utf16be_file_without_a_bom_decodes_to_lines() {
        DecodedText text = guess("Datum;Betrag\nBäckerei;-2,90".getBytes(StandardCharsets.UTF_16BE));
        assertEquals("UTF-16BE", text.encoding());
        assertFalse(text.bom());
        assertEquals(List.of("Datum;Betrag", "Bäckerei;-2,90"), texts(text));
    }

    @Test
    void plain_ascii_is_utf8() {
        DecodedText text = guess("a,b\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("UTF-8", text.encoding());
        assertFalse(text.bom());
    }

    @Test
    void invalid_utf8_without_any_valid_multibyte_sequence_is_windows_1252() {
        DecodedText text = guess("Datum;Text\n05.01.2024;Bäckerei Müller\n".getBytes(WINDOWS_1252));
        assertEquals("windows-1252", text.encoding());
        assertEquals("05.01.2024;Bäckerei Müller", text.lines().get(1).text());
        assertFalse(text.lines().get(1).badEncoding());
    }

    @Test
    void valid_multibyte_utf8_keeps_the_file_utf8_and_flags_only_the_bad_line() {
        DecodedText text = guess(withByte("Café\nCaf#\nTea\n", StandardCharsets.UTF_8, '#', 0xE9));
        assertEquals("UTF-8", text.encoding());
        assertEquals(List.of(false, true, false), text.lines().stream().map(DecodedText.Line::badEncoding).toList());
        assertEquals("Caf\uFFFD", text.lines().get(1).text());
    }

    @Test
    void a_utf8_bom_is_removed_and_reported() {
        DecodedText text = guess("\uFEFFDate,Amount\nCafé,1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("UTF-8", text.encoding());
        assertTrue(text.bom());
        assertEquals(List.of("Date,Amount", "Café,1"), texts(text));
    }

    @Test
    void a_declared_encoding_is_used_and_bytes_it_lacks_are_flagged() {
        byte[] bytes = withByte("ok\nB#ckerei\n", WINDOWS_1252, '#', 0x81);
        DecodedText text = TextDecoder.decode(bytes, Optional.of(WINDOWS_1252));
        assertEquals("windows-1252", text.encoding());
        assertFalse(text.lines().get(0).badEncoding());
        assertTrue(text.lines().get(1).badEncoding());
    }

    @Test
    void a_declared_utf8_flags_windows_1252_bytes() {
        DecodedText text = TextDecoder.decode("Müller\n".getBytes(WINDOWS_1252), Optional.of(StandardCharsets.UTF_8));
        assertEquals("UTF-8", text.encoding());
        assertTrue(text.lines().get(0).badEncoding());
    }

    @Test
    void a_bom_outranks_a_declared_encoding() {
        DecodedText text = TextDecoder.decode("\uFEFFMüller\n".getBytes(StandardCharsets.UTF_8), Optional.of(WINDOWS_1252));
        assertEquals("UTF-8", text.encoding());
        assertEquals("Müller", text.lines().get(0).text());
    }

    @Test
    void lf_crlf_and_lone_cr_all_end_lines_and_numbers_start_at_one() {
        DecodedText text = guess("a\nb\r\nc\rd".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a", "b", "c", "d"), texts(text));
        assertEquals(List.of(1, 2, 3, 4), text.lines().stream().map(DecodedText.Line::number).toList());
    }

    @Test
    void a_final_terminator_makes_no_empty_last_line_but_blank_lines_count() {
        assertEquals(List.of("a", "", "b"), texts(guess("a\n\nb\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(), texts(guess(new byte[0])));
    }

    // --- legacy and East Asian encodings, each file built from text in the test

    /** An Alipay export's preamble and rows (Simplified Chinese). */
    private static final String CHINESE = """
            支付宝交易记录明细查询
            账号:[20885020]
            起始日期:[2024-01-01 00:00:00]    终止日期:[2024-02-01 00:00:00]
            交易时间,交易对方,商品名称,金额（元）
            2024-01-05 12:30:00,美团外卖,午餐 黄焖鸡米饭,-35.50
            2024-01-06 09:10:00,星巴克咖啡,拿铁 大杯,-32.00
            2024-01-07 18:45:00,滴滴出行,快车 回家,-18.40
            """;
    /** A Taiwanese card statement (Traditional Chinese). */
    private static final String TRADITIONAL_CHINESE = """
            交易日期,摘要,金額
            2024/01/05,全家便利商店,-85
            2024/01/06,台灣高鐵 台北到台中,-700
            2024/01/07,誠品書店,-420
            """;
    /** A Japanese card statement, with half-width katakana as card companies print merchant names. */
    private static final String JAPANESE = """
            ご利用日,ご利用店名,ご利用金額
            2024/01/05,セブンイレブン東京駅店,580
            2024/01/06,ｽﾀｰﾊﾞｯｸｽ ｼﾌﾞﾔ,620
            2024/01/07,JR東日本 定期券,12830
            """;
    private static final String KOREAN = """
            거래일자,적요,금액
            2024-01-05,스타벅스 강남점,-5600
            2024-01-06,이마트 성수점,-45200
            2024-01-07,지하철 교통카드 충전,-20000
            """;
    private static final String GERMAN = """
            Buchungstag;Verwendungszweck;Betrag
            05.01.2024;Bäckerei Müller;-2,90 €
            06.01.2024;Straßenbahn Süd, Fahrschein;-3,10 €
            07.01.2024;Gehalt Januar;2.500,00 €
            """;
    private static final String FRENCH = """
            Date;Libellé;Montant
            05/01/2024;Boulangerie Pâtisserie à Genève;-2,90
            06/01/2024;Café de la Gare, crème brûlée;-3,10
            07/01/2024;Salaire décembre;2500,00
            """;

    private static void assertDecodes(String text, String encoding, DecodedText decoded) {
        assertAll(
                () -> assertEquals(encoding, decoded.encoding()),
                () -> assertEquals(text.lines().toList(), texts(decoded)),
                () -> assertTrue(decoded.lines().stream().noneMatch(DecodedText.Line::badEncoding), "no line flagged"));
    }

    @Test
    void gb18030_chinese_is_detected() {
        assertDecodes(CHINESE, "GB18030", guess(CHINESE.getBytes(Charset.forName("GB18030"))));
    }

    @Test
    void gbk_chinese_reads_as_its_superset_gb18030() {
        assertDecodes(CHINESE, "GB18030", guess(CHINESE.getBytes(Charset.forName("GBK"))));
    }

    @Test
    void big5_traditional_chinese_is_detected_and_read_as_microsofts_big5() {
        assertDecodes(TRADITIONAL_CHINESE, "x-windows-950", guess(TRADITIONAL_CHINESE.getBytes(Charset.forName("Big5"))));
        assertDecodes(TRADITIONAL_CHINESE, "x-windows-950",
                guess(TRADITIONAL_CHINESE.getBytes(Charset.forName("x-windows-950"))));
    }

    @Test
    void shift_jis_japanese_is_detected_and_read_as_windows_31j() {
        assertDecodes(JAPANESE, "windows-31j", guess(JAPANESE.getBytes(Charset.forName("Shift_JIS"))));
        String withNecSigns = JAPANESE + "2024/01/08,ランチ①,1200\n";
        assertDecodes(withNecSigns, "windows-31j", guess(withNecSigns.getBytes(Charset.forName("windows-31j"))));
    }

    @Test
    void euc_kr_korean_is_detected_and_read_as_its_superset_windows_949() {
        assertDecodes(KOREAN, "x-windows-949", guess(KOREAN.getBytes(Charset.forName("EUC-KR"))));
    }

    @Test
    void windows_1252_german_and_french_with_euro_signs_read_right() {
        assertDecodes(GERMAN, "windows-1252", guess(GERMAN.getBytes(WINDOWS_1252)));
        assertDecodes(FRENCH, "windows-1252", guess(FRENCH.getBytes(WINDOWS_1252)));
    }

    @Test
    void short_western_files_the_detector_alone_would_misread_stay_windows_1252() {
        String dutch = "Datum;Omschrijving;Bedrag\n05-01-2024;Café De Kroeg;-2,90\n06-01-2024;Albert Heijn, één zak;-3,10\n";
        String pounds = "Date,Description,Amount\n05/01/2024,Tesco Metro,-£2.90\n06/01/2024,Pret A Manger,-£4.10\n";
        assertDecodes(dutch, "windows-1252", guess(dutch.getBytes(WINDOWS_1252)));
        assertDecodes(pounds, "windows-1252", guess(pounds.getBytes(WINDOWS_1252)));
    }

    @Test
    void iso_8859_1_reads_right_as_windows_1252_which_agrees_on_every_printable_byte() {
        assertDecodes(FRENCH, "windows-1252", guess(FRENCH.getBytes(StandardCharsets.ISO_8859_1)));
        String german = GERMAN.replace(" €", " EUR");
        assertDecodes(german, "windows-1252", guess(german.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void iso_8859_15_is_told_apart_by_its_euro_sign_and_oe_ligature() {
        Charset latin9 = Charset.forName("ISO-8859-15");
        assertDecodes(GERMAN, "ISO-8859-15", guess(GERMAN.getBytes(latin9)));
        String oeuvre = FRENCH + "08/01/2024;Boucherie du Bœuf, sœur;-12,00\n";
        assertDecodes(oeuvre, "ISO-8859-15", guess(oeuvre.getBytes(latin9)));
    }

    @Test
    void utf8_chinese_and_japanese_stay_utf8() {
        assertDecodes(CHINESE, "UTF-8", guess(CHINESE.getBytes(StandardCharsets.UTF_8)));
        assertDecodes(JAPANESE, "UTF-8", guess(JAPANESE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void one_invalid_byte_on_line_7_of_a_utf8_file_flags_only_line_7() {
        String text = FRENCH + GERMAN.replace("Straßenbahn", "Stra#enbahn");
        DecodedText decoded = guess(withByte(text, StandardCharsets.UTF_8, '#', 0xDF));
        List<String> expected = text.replace("Stra#enbahn", "Stra\uFFFDenbahn").lines().toList();
        assertAll(
                () -> assertEquals("UTF-8", decoded.encoding()),
                () -> assertEquals(expected, texts(decoded)),
                () -> assertEquals(List.of(7), decoded.lines().stream().filter(DecodedText.Line::badEncoding)
                        .map(DecodedText.Line::number).toList()));
    }

    @Test
    void a_legacy_line_far_below_the_first_kilobytes_still_sets_the_encoding() {
        String text = "Date,Description,Amount\n" + "2024-01-05,Coffee,-3.50\n".repeat(100_000) + "2024-01-06,Café,-2.00\n";
        DecodedText decoded = guess(text.getBytes(WINDOWS_1252));
        assertEquals("windows-1252", decoded.encoding());
        assertEquals("2024-01-06,Café,-2.00", decoded.lines().get(100_001).text());
        assertFalse(decoded.lines().get(100_001).badEncoding());
    }

    // --- UTF-16 without a BOM

    @Test
    void utf16le_and_be_chinese_without_a_bom_are_recognised_and_decoded() {
        String text = "Date,Description,Amount\n2024-01-05,美团外卖,-35.50\n2024-01-06,一点点奶茶,-16.00\n";
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] bytes = text.getBytes(utf16);
            assertEquals(utf16 == StandardCharsets.UTF_16LE ? TextDecoder.Sniff.UTF16LE : TextDecoder.Sniff.UTF16BE,
                    TextDecoder.sniff(bytes));
            DecodedText decoded = guess(bytes);
            assertDecodes(text, utf16.name(), decoded);
            assertFalse(decoded.bom());
        }
    }

    // --- NUL padding and binary files

    @Test
    void nul_padding_after_a_utf8_file_is_cut_and_counted_not_read_as_a_line() {
        byte[] text = GERMAN.getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(text, text.length + 4096);
        DecodedText decoded = guess(padded);
        assertAll(
                () -> assertEquals(TextDecoder.Sniff.TEXT, TextDecoder.sniff(padded), "padding does not make it binary"),
                () -> assertEquals(4096, TextDecoder.nulPadding(padded)),
                () -> assertEquals(4096, decoded.nulPaddingBytes()),
                () -> assertDecodes(GERMAN, "UTF-8", decoded));
    }

    @Test
    void nul_padding_right_after_the_last_character_of_an_unterminated_line_is_cut() {
        byte[] padded = Arrays.copyOf("Date,Amount\n2024-01-05,1.00".getBytes(StandardCharsets.US_ASCII), 1024);
        DecodedText decoded = guess(padded);
        assertEquals(List.of("Date,Amount", "2024-01-05,1.00"), texts(decoded));
        assertEquals(1024 - 27, decoded.nulPaddingBytes());
    }

    @Test
    void nul_padding_after_utf16le_keeps_the_zero_byte_of_the_last_character() {
        String text = "Datum;Betrag\nBäckerei;-2,90\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 512);
        DecodedText decoded = guess(padded);
        assertEquals(TextDecoder.Sniff.UTF16LE, TextDecoder.sniff(padded));
        assertEquals(512, decoded.nulPaddingBytes());
        assertDecodes(text, "UTF-16LE", decoded);
    }

    @Test
    void a_file_without_padding_reports_none() {
        assertEquals(0, guess(GERMAN.getBytes(StandardCharsets.UTF_8)).nulPaddingBytes());
    }

    @Test
    void a_real_binary_file_is_binary_with_or_without_trailing_nuls() throws IOException {
        byte[] classFile;
        try (InputStream in = TextDecoder.class.getResourceAsStream("TextDecoder.class")) {
            classFile = in.readAllBytes();
        }
        byte[] padded = Arrays.copyOf(classFile, classFile.length + 4096);
        assertAll(
                () -> assertEquals(TextDecoder.Sniff.BINARY, TextDecoder.sniff(classFile)),
                () -> assertEquals(TextDecoder.Sniff.BINARY, TextDecoder.sniff(padded)),
                () -> assertEquals(0, TextDecoder.nulPadding(padded), "NULs after binary content are not padding"));
    }

    @Test
    void trailing_nuls_after_control_characters_are_not_padding_and_all_nuls_are_binary() {
        byte[] junk = startingWith(new byte[]{'D', 'a', 't', 'e', 1, 2, 3}, 0, 200);
        assertEquals(0, TextDecoder.nulPadding(junk));
        assertEquals(TextDecoder.Sniff.BINARY, TextDecoder.sniff(junk));
        assertEquals(TextDecoder.Sniff.BINARY, TextDecoder.sniff(new byte[64]));
    }
}
