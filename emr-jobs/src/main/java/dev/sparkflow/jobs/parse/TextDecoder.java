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
 * Turns a file's bytes into lines. Cuts NUL padding off the end; honours a BOM, else a declared encoding, else
 * UTF-16 recognised by its NUL bytes, else {@link CharsetGuess} on the non-ASCII lines. Lines that do not decode
 * in the chosen encoding are flagged rather than guessed at.
 */
public final class TextDecoder {
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** How many leading bytes the sniff judges, and how much of each end of a padded file must be clean text. */
    static final int SNIFF_BYTES = 8192;

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
        return judge(bytes, bytes.length - nulPadding(bytes));
    }

    /**
     * How many NUL bytes at the end of the file are padding (download tools and Excel exports leave them): the
     * run of trailing NULs, when what precedes it is UTF-16 (whose last unit keeps its zero byte) or clean 8-bit
     * text, without NULs or control characters at either end. Else 0: the NULs are part of a binary file.
     */
    public static int nulPadding(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) end--;
        if (end == bytes.length || end == 0) return 0;
        int units = end + (end & 1);
        Sniff utf16 = judge(bytes, units);
        if (utf16 == Sniff.UTF16LE || utf16 == Sniff.UTF16BE) return bytes.length - units;
        boolean clean = clean(bytes, 0, Math.min(end, SNIFF_BYTES)) && clean(bytes, Math.max(0, end - SNIFF_BYTES), end);
        return clean ? bytes.length - end : 0;
    }

    /** Decodes {@code bytes}; {@code declared} forces an encoding (from a source profile). */
    public static DecodedText decode(byte[] bytes, Optional<Charset> declared) {
        int padding = nulPadding(bytes);
        int end = bytes.length - padding;
        Sniff sniff = judge(bytes, end);
        if (sniff == Sniff.UTF16LE || sniff == Sniff.UTF16BE) {
            return utf16(bytes, end, sniff, padding);
        }
        boolean bom = startsWith(bytes, 0xEF, 0xBB, 0xBF);
        List<int[]> spans = lineSpans(bytes, bom ? 3 : 0, end);
        // A BOM is proof; a profile's declared encoding is only what the bank usually sends (Excel re-saves add a BOM).
        Charset charset = bom ? StandardCharsets.UTF_8 : declared.orElseGet(() -> CharsetGuess.of(sample(bytes, spans)));
        CharsetDecoder strict = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<DecodedText.Line> lines = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            int[] span = spans.get(i);
            int from = span[0], to = span[1];
            if (span[2] == 1) {
                // ASCII reads the same in every encoding chosen here: the fast path for plain files.
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
        return new DecodedText(charset.name(), bom, lines, padding);
    }

    private static DecodedText utf16(byte[] bytes, int end, Sniff sniff, int padding) {
        boolean bom = startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF);
        Charset utf16 = sniff == Sniff.UTF16LE ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        int skip = bom ? 2 : 0;
        String text = new String(bytes, skip, end - skip, utf16);
        List<DecodedText.Line> lines = new ArrayList<>();
        String[] split = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < split.length; i++) {
            if (i == split.length - 1 && split[i].isEmpty()) break;
            lines.add(new DecodedText.Line(i + 1, split[i], false));
        }
        return new DecodedText(utf16.name(), bom, lines, padding);
    }

    /**
     * Judges the first {@value #SNIFF_BYTES} of {@code bytes[0, end)}. UTF-16 without a BOM: at least half the
     * 2-byte units are Latin-1 characters (one zero byte, always on the same side), as in CSV digits and
     * delimiters, with few control characters. Binary: more NULs and control characters than a text file has.
     */
    private static Sniff judge(byte[] bytes, int end) {
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return Sniff.UTF16LE;
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return Sniff.UTF16BE;
        }
        int n = Math.min(end, SNIFF_BYTES);
        int nul = 0, control = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0) nul++;
            else if (isControl(b)) control++;
        }
        int units = n / 2, le = 0, be = 0, leControl = 0, beControl = 0;
        for (int i = 0; i + 1 < n; i += 2) {
            int first = bytes[i] & 0xFF, second = bytes[i + 1] & 0xFF;
            if (second == 0 && first != 0) {
                le++;
                if (isControl(first)) leControl++;
            } else if (first == 0 && second != 0) {
                be++;
                if (isControl(second)) beControl++;
            }
        }
        int tolerated = Math.max(4, n / 100);
        if (units >= 2 && le * 2 >= units && be * 16 <= le && leControl <= tolerated) {
            return Sniff.UTF16LE;
        }
        if (units >= 2 && be * 2 >= units && le * 16 <= be && beControl <= tolerated) {
            return Sniff.UTF16BE;
        }
        return nul + control > tolerated ? Sniff.BINARY : Sniff.TEXT;
    }

    /** No NUL and no control character other than tab, line ends, form feed and escape. */
    private static boolean clean(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0 || isControl(b)) return false;
        }
        return true;
    }

    private static boolean isControl(int b) {
        return b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B);
    }

    /**
     * {from, to, 1 if ASCII else 0} of each line of {@code bytes[start, end)}, terminators (\n, \r\n, or lone
     * \r) excluded; no empty last line. One pass, which also finds the ASCII lines.
     */
    private static List<int[]> lineSpans(byte[] bytes, int start, int end) {
        List<int[]> spans = new ArrayList<>();
        int lineStart = start, high = 0;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                spans.add(new int[]{lineStart, i, high < 0 ? 0 : 1});
                if (b == '\r' && i + 1 < end && bytes[i + 1] == '\n') i++;
                lineStart = i + 1;
                high = 0;
            } else {
                high |= b;
            }
        }
        if (lineStart < end) {
            spans.add(new int[]{lineStart, end, high < 0 ? 0 : 1});
        }
        return spans;
    }

    /** The first {@link CharsetGuess#SAMPLE_BYTES} of the non-ASCII lines, each ended by {@code \n}. */
    private static byte[] sample(byte[] bytes, List<int[]> spans) {
        ByteBuffer sample = ByteBuffer.allocate(CharsetGuess.SAMPLE_BYTES);
        for (int[] span : spans) {
            if (span[2] == 1) continue;
            int length = span[1] - span[0];
            if (length >= sample.remaining()) {
                // Whole lines only, unless the first one alone overflows the sample.
                if (sample.position() > 0) break;
                length = sample.remaining() - 1;
            }
            sample.put(bytes, span[0], length).put((byte) '\n');
        }
        byte[] out = new byte[sample.position()];
        sample.flip().get(out);
        return out;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }
}
