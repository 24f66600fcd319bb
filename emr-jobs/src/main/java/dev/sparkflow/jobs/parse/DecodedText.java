package dev.sparkflow.jobs.parse;

import java.util.List;

/** A file's bytes as lines of text, with the encoding chosen and which lines did not decode cleanly. */
public record DecodedText(String encoding, boolean bom, List<Line> lines) {

    /** One physical line (1-based number), without its terminator. */
    public record Line(int number, String text, boolean badEncoding) {
        public boolean isBlank() {
            return text.isBlank();
        }
    }
}
