package dev.sparkflow.jobs.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a file's bytes into lines. Honours a BOM, else a declared encoding; otherwise takes UTF-8 unless
 * the file has invalid UTF-8 and no valid multi-byte UTF-8 at all, which is what a Windows-1252 export
 * looks like. Lines that do not decode in the chosen encoding are flagged rather than guessed at.
 */
public final class TextDecoder {
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoder() {
    }

    /** What kind of bytes these are, judged from the first few kilobytes. */
    public enum Sniff { TEXT, UTF16LE, UTF16BE, BINARY, SPREADSHEET_OR_ARCHIVE, PDF }

    public static Sniff sniff(byte[] bytes) {
        if (startsWith(bytes, 0x50, 0x4B, 0x03, 0x04) || startsWith(bytes, 0xD0, 0xCF, 0x11, 0xE0)
                || startsWith(bytes, 0x1F, 0x8B)) {
            return Sniff.SPREADSHEET_OR_ARCHIVE;
        }
        if (startsWith(bytes, '%', 'P', 'D', 'F')) {
            return Sniff.PDF;
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return Sniff.UTF16LE;
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return Sniff.UTF16BE;
        }
        int n = Math.min(bytes.length, 8192);
        int evenNul = 0, oddNul = 0, control = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                if (i % 2 == 0) evenNul++; else oddNul++;
            } else if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) {
                control++;
            }
        }
        if (n >= 4 && oddNul > n / 3 && evenNul == 0) {
            return Sniff.UTF16LE;
        }
        if (n >= 4 && evenNul > n / 3 && oddNul == 0) {
            return Sniff.UTF16BE;
        }
        int nul = evenNul + oddNul;
        return nul + control > Math.max(4, n / 100) ? Sniff.BINARY : Sniff.TEXT;
    }

    /** Decodes {@code bytes}; {@code declared} forces an encoding (from a source profile). */
    public static DecodedText decode(byte[] bytes, Optional<Charset> declared) {
        Sniff sniff = sniff(bytes);
        if (sniff == Sniff.UTF16LE || sniff == Sniff.UTF16BE) {
            boolean bom = startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF);
            Charset utf16 = sniff == Sniff.UTF16LE ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
            int skip = bom ? 2 : 0;
            String text = new String(bytes, skip, bytes.length - skip, utf16);
            List<DecodedText.Line> lines = new ArrayList<>();
            String[] split = text.split("\r\n|\n|\r", -1);
            for (int i = 0; i < split.length; i++) {
                if (i == split.length - 1 && split[i].isEmpty()) break;
                lines.add(new DecodedText.Line(i + 1, split[i], false));
            }
            return new DecodedText(utf16.name(), bom, lines);
        }
        boolean bom = startsWith(bytes, 0xEF, 0xBB, 0xBF);
        int start = bom ? 3 : 0;
        List<int[]> spans = lineSpans(bytes, start);
        // A BOM is proof; a profile's declared encoding is only what the bank usually sends (Excel re-saves add a BOM).
        Charset charset = bom ? StandardCharsets.UTF_8 : declared.orElseGet(() -> guess(bytes, spans));
        CharsetDecoder strict = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<DecodedText.Line> lines = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            int from = spans.get(i)[0], to = spans.get(i)[1];
            if (isAscii(bytes, from, to)) {
                lines.add(new DecodedText.Line(i + 1, new String(bytes, from, to - from, StandardCharsets.ISO_8859_1), false));
                continue;
            }
            try {
                String text = strict.reset().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
                lines.add(new DecodedText.Line(i + 1, text, false));
            } catch (CharacterCodingException e) {
                lines.add(new DecodedText.Line(i + 1, new String(bytes, from, to - from, charset), true));
            }
        }
        return new DecodedText(charset.name(), bom, lines);
    }

    /** UTF-8, unless some line is invalid UTF-8 and no line holds valid multi-byte UTF-8. */
    private static Charset guess(byte[] bytes, List<int[]> spans) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean validMultiByte = false, invalid = false;
        for (int[] span : spans) {
            if (isAscii(bytes, span[0], span[1])) continue;
            try {
                utf8.reset().decode(ByteBuffer.wrap(bytes, span[0], span[1] - span[0]));
                validMultiByte = true;
            } catch (CharacterCodingException e) {
                invalid = true;
            }
        }
        return invalid && !validMultiByte ? WINDOWS_1252 : StandardCharsets.UTF_8;
    }

    /** [from, to) byte ranges of each line, terminators (\n, \r\n, or lone \r) excluded; no empty last line. */
    private static List<int[]> lineSpans(byte[] bytes, int start) {
        List<int[]> spans = new ArrayList<>();
        int lineStart = start;
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                spans.add(new int[]{lineStart, i});
                if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') i++;
                lineStart = i + 1;
            }
        }
        if (lineStart < bytes.length) {
            spans.add(new int[]{lineStart, bytes.length});
        }
        return spans;
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) return false;
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }
}
