package dev.sparkflow.jobs.parse;

import org.mozilla.universalchardet.UniversalDetector;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Names the encoding of a text file that has neither a BOM nor a declared encoding, from a sample of its
 * non-ASCII lines (ASCII lines say nothing about it): UTF-8 when at least as many of them are valid UTF-8 as
 * not; Western single-byte text when its non-ASCII bytes stand alone or in pairs (accented letters and signs in
 * Latin words); otherwise what juniversalchardet detects (GB18030, Big5, Shift_JIS, EUC-KR, Cyrillic, ...).
 */
final class CharsetGuess {
    /** How many bytes of non-ASCII lines a guess reads; the rest of the file follows the sample's verdict. */
    static final int SAMPLE_BYTES = 64 * 1024;
    static final Charset ISO_8859_15 = Charset.forName("ISO-8859-15");
    /** The detector names the standard; Windows exports are in its Microsoft superset, which decodes both. */
    private static final Map<String, String> SUPERSETS = Map.of(
            "SHIFT_JIS", "windows-31j", "BIG5", "x-windows-950", "EUC-KR", "x-windows-949", "US-ASCII", "UTF-8");

    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private static boolean decodes(byte[] sample, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(sample));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static final java.util.Set<String> CJK = java.util.Set.of("windows-31j", "x-windows-950", "x-windows-949",
            "GB18030", "EUC-JP", "EUC-KR", "Big5", "Shift_JIS");

    private CharsetGuess() {
    }

    /** Whether a fifth or more of the sample's bytes are non-ASCII: East Asian text, not accents in Latin words. */
    private static boolean dense(byte[] sample) {
        int high = 0;
        for (byte b : sample) if (b < 0) high++;
        return sample.length >= 40 && high * 5 >= sample.length;
    }

    /** The encoding of {@code sample}: a file's non-ASCII lines, each ended by {@code \n}. */
    static Charset of(byte[] sample) {
        if (mostlyUtf8(sample)) return StandardCharsets.UTF_8;
        if (dense(sample)) { // Shift_JIS trail bytes are often ASCII, so its runs look Western: ask the detector first
            Optional<Charset> found = detected(sample);
            if (found.isPresent() && CJK.contains(found.get().name())) return found.get();
            // Half-width katakana defeats the detector; dense bytes that are valid Windows Shift_JIS are Japanese.
            if (found.isEmpty() && decodes(sample, WINDOWS_31J)) return WINDOWS_31J;
        }
        // The detector reads short Western samples as Hebrew or Chinese ("één", "-£2.90"), so it is not asked.
        if (western(sample)) return latin9(sample) ? ISO_8859_15 : TextDecoder.WINDOWS_1252;
        return detected(sample).orElse(TextDecoder.WINDOWS_1252);
    }

    /** True when no line is invalid UTF-8, or valid multi-byte lines are at least as many as invalid ones. */
    private static boolean mostlyUtf8(byte[] sample) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int valid = 0, invalid = 0, from = 0;
        for (int i = 0; i <= sample.length; i++) {
            if (i < sample.length && sample[i] != '\n') continue;
            if (i > from) {
                try {
                    utf8.reset().decode(ByteBuffer.wrap(sample, from, i - from));
                    valid++;
                } catch (CharacterCodingException e) {
                    invalid++;
                }
            }
            from = i + 1;
        }
        return valid >= invalid;
    }

    /**
     * True when fewer than a quarter of the runs of consecutive non-ASCII bytes are three or more long: accents
     * come one or two to a Latin word, while each CJK character is two bytes and a Cyrillic word all non-ASCII.
     */
    private static boolean western(byte[] sample) {
        int runs = 0, longRuns = 0, run = 0;
        for (int i = 0; i <= sample.length; i++) {
            if (i < sample.length && sample[i] < 0) {
                run++;
                continue;
            }
            if (run > 0) {
                runs++;
                if (run >= 3) longRuns++;
            }
            run = 0;
        }
        return longRuns * 4 < runs;
    }

    /**
     * ISO-8859-15 rather than windows-1252: no byte of 0x80-0x9F (windows-1252's €, quotes and dashes, unused
     * in ISO-8859) and a byte that only ISO-8859-15 makes a likely sign or letter: € at 0xA4, Š š Ž ž, or œ/Œ
     * inside a word (windows-1252's ½/¼ there).
     */
    private static boolean latin9(byte[] sample) {
        boolean evidence = false;
        for (int i = 0; i < sample.length; i++) {
            int b = sample[i] & 0xFF;
            if (b >= 0x80 && b <= 0x9F) return false;
            if (b == 0xA4 || b == 0xA6 || b == 0xA8 || b == 0xB4 || b == 0xB8) evidence = true;
            if ((b == 0xBC || b == 0xBD) && i > 0 && i + 1 < sample.length
                    && asciiLetter(sample[i - 1]) && asciiLetter(sample[i + 1])) {
                evidence = true;
            }
        }
        return evidence;
    }

    private static boolean asciiLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** What juniversalchardet finds, if anything the JVM can decode. */
    private static Optional<Charset> detected(byte[] sample) {
        UniversalDetector detector = new UniversalDetector();
        detector.handleData(sample, 0, sample.length);
        detector.dataEnd();
        String name = detector.getDetectedCharset();
        if (name == null) return Optional.empty();
        name = SUPERSETS.getOrDefault(name, name);
        return Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
    }
}
