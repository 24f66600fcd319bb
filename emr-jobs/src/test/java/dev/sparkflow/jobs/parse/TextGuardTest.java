package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Free-text checks: spreadsheet payloads quarantined, ordinary text kept and neutralised on output. */
class TextGuardTest {

    @ParameterizedTest(name = "''{0}'' is a formula payload")
    @ValueSource(strings = {"=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1", "=", "  =A1", "\uFF1DHYPERLINK(\"x\")", "+WEBSERVICE(\"http://x\")",
            "-IMPORTXML(A1)", "@cmd|'/c notepad'!_xlbgnm.A1", "+A1!$B$2"})
    void a_spreadsheet_payload_is_quarantined(String text) {
        assertEquals(ReasonCode.FORMULA_PAYLOAD, TextGuard.check(text));
    }

    @ParameterizedTest(name = "U+{0} before =HYPERLINK( does not hide it")
    @ValueSource(ints = {0x00A0, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x2007, 0x202F, 0x3000, 0x2003})
    void an_invisible_or_space_character_before_a_formula_does_not_hide_it(int c) {
        String hidden = (char) c + "=HYPERLINK(\"http://evil.example\",\"click\")";
        assertEquals(ReasonCode.FORMULA_PAYLOAD, TextGuard.check(hidden));
        assertEquals(ReasonCode.FORMULA_PAYLOAD, TextGuard.check("\uFEFF\u200B\u00A0" + hidden));
        assertEquals(ReasonCode.FORMULA_PAYLOAD, TextGuard.check((char) c + "+cmd|' /C calc'!A0"));
        assertEquals("'" + (char) c + "-ATM", TextGuard.neutralise((char) c + "-ATM"));
        assertEquals("'" + (char) c + "\u200B@Home", TextGuard.neutralise((char) c + "\u200B@Home"));
    }

    @ParameterizedTest(name = "''{0}'' is ordinary text")
    @ValueSource(strings = {"-ATM withdrawal", "@Home store", "+49 30 1234567", "Coffee = good", "REWE Markt GmbH (Berlin)",
            "-1+1", "+A1", "", "   ", "Tab\tseparated", "Bäckerei Müller", "Amazon.de*AB12CD", "50% off!",
            "- REWE Markt (Berlin)", "+ Refund (order 1234)", "@ Cafe Central (Wien)"})
    void ordinary_text_is_accepted(String text) {
        assertNull(TextGuard.check(text));
    }

    @ParameterizedTest(name = "U+{0} is a control character")
    @ValueSource(ints = {0x00, 0x01, 0x1B, 0x0A, 0x0D, 0x7F, 0xFFFD})
    void a_control_character_is_quarantined(int c) {
        assertEquals(ReasonCode.CONTROL_CHARACTERS, TextGuard.check("a" + (char) c + "b"));
    }

    @Test
    void a_field_longer_than_500_characters_is_too_long() {
        assertNull(TextGuard.check("x".repeat(TextGuard.MAX_LENGTH)));
        assertEquals(ReasonCode.FIELD_TOO_LONG, TextGuard.check("x".repeat(TextGuard.MAX_LENGTH + 1)));
    }

    @Test
    void length_is_checked_before_content() {
        assertEquals(ReasonCode.FIELD_TOO_LONG, TextGuard.check("=" + "x".repeat(TextGuard.MAX_LENGTH)));
    }

    @Test
    void neutralise_prefixes_text_a_spreadsheet_would_evaluate() {
        assertEquals("'-ATM withdrawal", TextGuard.neutralise("-ATM withdrawal"));
        assertEquals("'@Home store", TextGuard.neutralise("@Home store"));
        assertEquals("'+49 30 1234567", TextGuard.neutralise("+49 30 1234567"));
        assertEquals("'=1+1", TextGuard.neutralise("=1+1"));
        assertEquals("'\tx", TextGuard.neutralise("\tx"));
        assertEquals("'\rx", TextGuard.neutralise("\rx"));
        assertEquals("'\uFF0Bx", TextGuard.neutralise("\uFF0Bx"));
        assertEquals("' -x", TextGuard.neutralise(" -x"));
    }

    @Test
    void neutralise_leaves_ordinary_text_alone() {
        assertEquals("Coffee", TextGuard.neutralise("Coffee"));
        assertEquals("\u00A0Coffee", TextGuard.neutralise("\u00A0Coffee"));
        assertEquals("\u200B", TextGuard.neutralise("\u200B"));
        assertEquals("", TextGuard.neutralise(""));
        assertNull(TextGuard.neutralise(null));
    }
}
