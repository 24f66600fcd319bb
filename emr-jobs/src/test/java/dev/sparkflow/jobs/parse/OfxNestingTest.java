package dev.sparkflow.jobs.parse;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static dev.sparkflow.jobs.parse.Fixtures.ofxSgml;
import static dev.sparkflow.jobs.parse.Fixtures.ofxXml;
import static dev.sparkflow.jobs.parse.Fixtures.stmttrn;
import static dev.sparkflow.jobs.parse.Fixtures.xmlTrn;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pre-scan that keeps deeply nested OFX away from ofx4j's recursive reader. */
class OfxNestingTest {

    @Test
    void real_sgml_and_xml_statements_pass_however_many_transactions_they_hold() {
        String[] sgml = new String[2000], xml = new String[2000];
        for (int i = 0; i < sgml.length; i++) {
            sgml[i] = stmttrn("20240105", "-1.00", "F" + i, "Shop");
            xml[i] = xmlTrn("20240105", "-1.00", "X" + i, "Shop", "memo");
        }
        assertEquals(OptionalInt.empty(), OfxNesting.tooDeepAt(ofxSgml("5407324931", "EUR", sgml)));
        assertEquals(OptionalInt.empty(), OfxNesting.tooDeepAt(ofxXml("4000123412341234", xml)));
    }

    @Test
    void sixty_kilobytes_of_nested_tags_are_too_deep_from_the_line_that_passes_the_limit() {
        String document = "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>\n" + "<BANKMSGSRSV1>\n".repeat(4000) + "</OFX>\n";
        assertEquals(OptionalInt.of(4 + OfxNesting.MAX_DEPTH), OfxNesting.tooDeepAt(document));
    }

    @Test
    void the_limit_itself_is_allowed_and_one_more_level_is_not() {
        String atLimit = "<A>\n".repeat(OfxNesting.MAX_DEPTH) + "<LEAF>x\n" + "</A>\n".repeat(OfxNesting.MAX_DEPTH);
        assertEquals(OptionalInt.empty(), OfxNesting.tooDeepAt(atLimit));
        assertEquals(OptionalInt.of(OfxNesting.MAX_DEPTH + 1), OfxNesting.tooDeepAt("<A>\n" + atLimit));
    }

    @Test
    void closed_aggregates_side_by_side_do_not_add_up_and_unclosed_ones_do() {
        assertEquals(OptionalInt.empty(), OfxNesting.tooDeepAt("<OFX>" + "<S><N>x</N><E></E></S>".repeat(5000) + "</OFX>"));
        assertEquals(OptionalInt.of(1), OfxNesting.tooDeepAt("<OFX>" + "<S><N>x".repeat(5000) + "</OFX>"));
    }

    @Test
    void processing_instructions_comments_and_empty_elements_are_not_aggregates() {
        String noise = "<?xml version=\"1.0\"?>\n<!-- note -->\n<EMPTY/>\n";
        assertEquals(OptionalInt.empty(), OfxNesting.tooDeepAt(noise.repeat(1000)));
    }
}
