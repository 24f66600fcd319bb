package dev.sparkflow.jobs.parse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lines counted on a byte stream are the lines the decoder splits, however the stream is chunked. */
class LineCountTest {

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n\n", "\r\n\r\n", "a\r\r\nb",
            "a,b\n\n  \nc,d", "\r", "x\n\ry"})
    void counts_the_lines_the_decoder_splits(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int decoded = TextDecoder.decode(bytes, Optional.empty()).lines().size();
        assertEquals(decoded, LineCount.of(bytes), "whole: " + text.replace("\r", "\\r").replace("\n", "\\n"));
        for (int cut = 0; cut <= bytes.length; cut++) {
            LineCount count = new LineCount();
            count.write(bytes, 0, cut);
            count.write(bytes, cut, bytes.length - cut);
            assertEquals(decoded, count.lines(), "written in two chunks split at " + cut);
            assertEquals(bytes.length, count.bytes());
        }
    }
}
