package dev.sparkflow.jobs.parse;

import java.util.List;

/**
 * A file's bytes as lines of text, with the encoding chosen, which lines did not decode cleanly, and how many
 * NUL bytes of padding were cut from the end of the file (not part of any line).
 */
public record DecodedText(String encoding, boolean bom, List<Line> lines, int nulPaddingBytes) {

    /** Text without padding. */
    public DecodedText(String encoding, boolean bom, List<Line> lines) {
        this(encoding, bom, lines, 0);
    }

    /** One physical line (1-based number), without its terminator. */
    public record Line(int number, String text, boolean badEncoding) {
        public boolean isBlank() {
            return text.isBlank();
        }
    }
}
