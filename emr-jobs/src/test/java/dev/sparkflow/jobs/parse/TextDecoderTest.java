package dev.sparkflow.jobs.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static dev.sparkflow.jobs.parse.Fixtures.WINDOWS_1252;
import static dev.sparkflow.jobs.parse.Fixtures.startingWith;
import static dev.sparkflow.jobs.parse.Fixtures.withByte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sniffing what bytes are, guessing the encoding, honouring BOMs and declarations, and splitting lines. */
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
        assertEquals(TextDecoder.Sniff.BINARY, TextDecoder.sniff(startingWith(new byte[]{'a', 'b'}, 0, 100)));
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
}
