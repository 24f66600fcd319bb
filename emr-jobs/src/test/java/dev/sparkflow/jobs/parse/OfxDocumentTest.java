package dev.sparkflow.jobs.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.sparkflow.jobs.parse.Fixtures.ofxSgml;
import static dev.sparkflow.jobs.parse.Fixtures.ofxXml;
import static dev.sparkflow.jobs.parse.Fixtures.stmttrn;
import static dev.sparkflow.jobs.parse.Fixtures.xmlTrn;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tolerant OFX tree: SGML and XML, what banks get wrong, entities, headers, and the nesting limit. */
class OfxDocumentTest {

    private static List<String> names(List<OfxDocument.Element> elements) {
        return elements.stream().map(OfxDocument.Element::name).toList();
    }

    @Test
    void an_sgml_statement_becomes_a_tree_with_the_line_each_element_opens_on() {
        String document = ofxSgml("5407324931", "EUR", stmttrn("20240105", "-12.50", "F1", "REWE"));
        OfxDocument doc = OfxDocument.parse(document);
        OfxDocument.Element statement = doc.all("STMTRS").get(0);
        OfxDocument.Element trn = doc.all("STMTTRN").get(0);
        assertAll(
                () -> assertEquals("OFX", doc.ofx().name()),
                () -> assertEquals(11, doc.ofx().line()),
                () -> assertEquals("EUR", statement.value("CURDEF")),
                () -> assertEquals("5407324931", statement.child("BANKACCTFROM").value("ACCTID")),
                () -> assertEquals(List.of("CURDEF", "BANKACCTFROM", "BANKTRANLIST", "LEDGERBAL"), names(statement.children())),
                () -> assertEquals(Fixtures.lineOf(document, "<STMTTRN>"), trn.line()),
                () -> assertEquals("BANKTRANLIST", trn.parent().name()),
                () -> assertEquals(List.of("TRNTYPE", "DTPOSTED", "TRNAMT", "FITID", "NAME"), names(trn.children())),
                () -> assertEquals("-12.50", trn.value("TRNAMT")),
                () -> assertTrue(trn.closed()),
                () -> assertEquals("102", doc.header().get("VERSION")),
                () -> assertEquals("1252", doc.header().get("CHARSET")),
                () -> assertFalse(doc.xml()));
    }

    @Test
    void an_xml_statement_reads_the_same_and_its_processing_instructions_fill_the_header() {
        OfxDocument doc = OfxDocument.parse(ofxXml("4000123412341234", xmlTrn("20240105", "-42.00", "X1", "Netflix", "memo")));
        OfxDocument.Element trn = doc.all("STMTTRN").get(0);
        assertAll(
                () -> assertTrue(doc.xml()),
                () -> assertEquals("220", doc.header().get("VERSION")),
                () -> assertEquals(Optional.of(Charset.forName("UTF-8")), doc.declaredCharset()),
                () -> assertEquals(List.of("TRNTYPE", "DTPOSTED", "TRNAMT", "FITID", "NAME", "MEMO"), names(trn.children())),
                () -> assertEquals("memo", trn.value("MEMO")),
                () -> assertEquals("CCSTMTRS", trn.ancestor(java.util.Set.of("CCSTMTRS")).name()));
    }

    @Test
    void a_missing_closing_tag_of_an_aggregate_is_closed_by_the_closing_tag_of_its_parent() {
        OfxDocument doc = OfxDocument.parse("<OFX><STMTRS><BANKTRANLIST><STMTTRN><NAME>a</STMTTRN>\n"
                + "<LEDGERBAL><BALAMT>1</LEDGERBAL></STMTRS></OFX>");
        OfxDocument.Element list = doc.all("BANKTRANLIST").get(0);
        assertAll(
                () -> assertFalse(list.closed()),
                () -> assertFalse(list.endedByEof()),
                () -> assertEquals("STMTRS", list.parent().name()),
                () -> assertEquals(List.of("STMTTRN", "LEDGERBAL"), names(list.children())),
                () -> assertTrue(doc.all("STMTRS").get(0).closed()));
    }

    @Test
    void a_new_start_of_an_open_aggregate_ends_the_open_one() {
        OfxDocument doc = OfxDocument.parse("<OFX><BANKTRANLIST>\n<STMTTRN><NAME>a\n<STMTTRN><NAME>b\n</BANKTRANLIST></OFX>");
        List<OfxDocument.Element> trns = doc.all("STMTTRN");
        assertAll(
                () -> assertEquals(2, trns.size()),
                () -> assertEquals(List.of("BANKTRANLIST", "BANKTRANLIST"), trns.stream().map(t -> t.parent().name()).toList()),
                () -> assertEquals(List.of(2, 3), trns.stream().map(OfxDocument.Element::line).toList()),
                () -> assertEquals("<STMTTRN><NAME>a", doc.source(trns.get(0))));
    }

    @Test
    void a_closing_tag_of_an_element_that_is_not_open_is_ignored() {
        // CommBank closes its CCSTMTRS with </STMTRS>; the statement then ends with its CCSTMTTRNRS.
        OfxDocument doc = OfxDocument.parse("<OFX><CCSTMTTRNRS><CCSTMTRS><CURDEF>AUD</STMTRS><BANKTRANLIST>"
                + "<STMTTRN><TRNAMT>1</STMTTRN></BANKTRANLIST></STMTRS></CCSTMTTRNRS></OFX>");
        OfxDocument.Element statement = doc.all("CCSTMTRS").get(0);
        assertAll(
                () -> assertEquals(List.of("CURDEF", "BANKTRANLIST"), names(statement.children())),
                () -> assertFalse(statement.closed()),
                () -> assertFalse(statement.endedByEof()),
                () -> assertTrue(doc.ofx().closed()));
    }

    @Test
    void an_aggregate_still_open_at_the_end_of_the_file_says_so() {
        OfxDocument doc = OfxDocument.parse("OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTRS><BANKTRANLIST><STMTTRN><NAME>cut");
        assertAll(
                () -> assertTrue(doc.all("STMTRS").get(0).endedByEof()),
                () -> assertTrue(doc.all("STMTTRN").get(0).endedByEof()),
                () -> assertEquals("cut", doc.all("STMTTRN").get(0).value("NAME")));
    }

    @Test
    void empty_elements_in_every_spelling_are_empty_leaves() {
        OfxDocument doc = OfxDocument.parse("<OFX><BANKACCTFROM><BANKID/><BRANCHID></BRANCHID><ACCTID>42\n"
                + "<ACCTTYPE>\n</BANKACCTFROM><STMTTRN><MEMO>\n<FITID>7\n<NAME></STMTTRN></OFX>");
        OfxDocument.Element from = doc.all("BANKACCTFROM").get(0);
        OfxDocument.Element trn = doc.all("STMTTRN").get(0);
        assertAll(
                () -> assertEquals(List.of("BANKID", "BRANCHID", "ACCTID", "ACCTTYPE"), names(from.children())),
                () -> assertTrue(from.child("BANKID").isLeaf()),
                () -> assertEquals("", from.value("BANKID")),
                () -> assertEquals("", from.value("BRANCHID")),
                () -> assertEquals("42", from.value("ACCTID")),
                () -> assertEquals("", from.value("ACCTTYPE")),
                () -> assertEquals(List.of("MEMO", "FITID", "NAME"), names(trn.children()),
                        "an empty SGML MEMO followed by FITID does not swallow it"),
                () -> assertEquals("7", trn.value("FITID")),
                () -> assertEquals("", trn.value("MEMO")));
    }

    @Test
    void lower_case_tags_blanks_in_tags_comments_and_stray_text_are_read() {
        OfxDocument doc = OfxDocument.parse("<?xml version=\"1.0\"?>\n<!-- OFXHEADER:100 -->\n<OFX >stray\n"
                + "<stmttrn><name>Shop</name> after\n</STMTTRN></ofx>");
        OfxDocument.Element trn = doc.all("STMTTRN").get(0);
        assertAll(
                () -> assertNull(doc.ofx(), "<OFX > followed by text is a leaf: no aggregate"),
                () -> assertEquals("Shop", trn.value("NAME")),
                () -> assertEquals(4, trn.line()));
        OfxDocument good = OfxDocument.parse("<OFX >\n<stmttrn><name>Shop</name></STMTTRN></ofx>");
        assertNotNull(good.ofx());
        assertEquals("Shop", good.all("STMTTRN").get(0).value("NAME"));
    }

    @Test
    void a_header_without_its_blank_line_or_on_one_line_is_read() {
        OfxDocument noBlank = OfxDocument.parse("OFXHEADER:100\nDATA:OFXSGML\nVERSION:103\nCHARSET:8859-1\n<OFX>\n</OFX>");
        OfxDocument oneLine = OfxDocument.parse("OFXHEADER:100 DATA:OFXSGML VERSION:102 ENCODING:UTF-8<OFX></OFX>");
        OfxDocument none = OfxDocument.parse("<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>");
        assertAll(
                () -> assertEquals("103", noBlank.header().get("VERSION")),
                () -> assertEquals(5, noBlank.ofx().line()),
                () -> assertEquals(Optional.of(Charset.forName("ISO-8859-1")), noBlank.declaredCharset()),
                () -> assertEquals("102", oneLine.header().get("VERSION")),
                () -> assertEquals(Optional.of(Charset.forName("UTF-8")), oneLine.declaredCharset()),
                () -> assertTrue(none.header().isEmpty()),
                () -> assertNotNull(none.ofx()));
    }

    @Test
    void header_charsets_name_the_java_charsets() {
        assertAll(
                () -> assertEquals(Optional.of(Charset.forName("windows-1252")), OfxDocument.charset("1252")),
                () -> assertEquals(Optional.of(Charset.forName("windows-1250")), OfxDocument.charset("1250")),
                () -> assertEquals(Optional.of(Charset.forName("ISO-8859-15")), OfxDocument.charset("ISO-8859-15")),
                () -> assertEquals(Optional.of(Charset.forName("ISO-8859-1")), OfxDocument.charset("8859-1")),
                () -> assertEquals(Optional.empty(), OfxDocument.charset("NONE")),
                () -> assertEquals(Optional.empty(), OfxDocument.charset("USASCII")),
                () -> assertEquals(Optional.empty(), OfxDocument.charset("no-such-charset")));
    }

    @Test
    void entities_are_decoded_and_a_double_escaped_one_once_more() {
        assertAll(
                () -> assertEquals("B.C. HYDRO & POWER", OfxDocument.decode("B.C. HYDRO &amp; POWER")),
                () -> assertEquals("TPAY <DEFTPYMT>", OfxDocument.decode("TPAY &amp;lt;DEFTPYMT&amp;gt;")),
                () -> assertEquals("A&W #5567", OfxDocument.decode("A&amp;amp;W #5567")),
                () -> assertEquals("Joe's \"Diner\"", OfxDocument.decode("Joe&#39;s &quot;Diner&quot;")),
                () -> assertEquals("Joe's", OfxDocument.decode("Joe&#x27;s")),
                () -> assertEquals("Joe's", OfxDocument.decode("Joe&apos;s")),
                () -> assertEquals("1 < 2 > 0", OfxDocument.decode("1 &lt; 2 &gt; 0")),
                () -> assertEquals("AT&T; R&D & Co", OfxDocument.decode("AT&amp;T; R&D & Co"),
                        "a bare & and an &amp; not followed by an entity stay"),
                () -> assertEquals("&amp;", OfxDocument.decode("&amp;amp;amp;"), "decoded twice, not until nothing is left"),
                () -> assertEquals("x &#0; &bogus;", OfxDocument.decode("x &#0; &bogus;")));
    }

    @Test
    void a_text_of_ampersands_decodes_in_one_pass() {
        String ampersands = "&".repeat(300_000) + ";";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(ampersands, OfxDocument.decode(ampersands)));
    }

    @Test
    void cdata_text_is_kept_as_written() {
        OfxDocument doc = OfxDocument.parse("<OFX><STMTTRN><NAME><![CDATA[EFTPOS WDL ALDI &amp; CO  ]]></NAME>"
                + "<MEMO>a <![CDATA[<b>]]> c</MEMO></STMTTRN></OFX>");
        OfxDocument.Element trn = doc.all("STMTTRN").get(0);
        assertEquals("EFTPOS WDL ALDI &amp; CO", trn.value("NAME"));
        assertEquals("a <b> c", trn.value("MEMO"));
    }

    @Test
    void a_less_than_sign_in_text_that_starts_no_tag_stays_text() {
        OfxDocument doc = OfxDocument.parse("<OFX><STMTTRN><NAME>1 < 2 <3 SHOP\n<MEMO>m</STMTTRN></OFX>");
        assertEquals("1 < 2 <3 SHOP", doc.all("STMTTRN").get(0).value("NAME"));
    }

    // --- the nesting limit (no recursion: the tree stays bounded however deep a file nests)

    @Test
    void real_sgml_and_xml_statements_pass_however_many_transactions_they_hold() {
        String[] sgml = new String[2000], xml = new String[2000];
        for (int i = 0; i < sgml.length; i++) {
            sgml[i] = stmttrn("20240105", "-1.00", "F" + i, "Shop");
            xml[i] = xmlTrn("20240105", "-1.00", "X" + i, "Shop", "memo");
        }
        OfxDocument s = OfxDocument.parse(ofxSgml("5407324931", "EUR", sgml));
        OfxDocument x = OfxDocument.parse(ofxXml("4000123412341234", xml));
        assertEquals(OptionalInt.empty(), s.tooDeepAt());
        assertEquals(OptionalInt.empty(), x.tooDeepAt());
        assertEquals(2000, s.all("STMTTRN").size());
        assertEquals(2000, x.all("STMTTRN").size());
    }

    @Test
    void sixty_kilobytes_of_nested_tags_are_too_deep_from_the_line_that_passes_the_limit() {
        String document = "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>\n" + "<NEST>\n".repeat(4000) + "</OFX>\n";
        OfxDocument doc = OfxDocument.parse(document);
        assertEquals(OptionalInt.of(4 + OfxDocument.MAX_DEPTH), doc.tooDeepAt());
        assertEquals(4000, doc.all("NEST").size(), "every element kept, flat below the limit");
    }

    @Test
    void the_limit_itself_is_allowed_and_one_more_level_is_not() {
        String atLimit = "<A>\n".repeat(OfxDocument.MAX_DEPTH) + "<LEAF>x\n" + "</A>\n".repeat(OfxDocument.MAX_DEPTH);
        assertEquals(OptionalInt.empty(), OfxDocument.parse(atLimit).tooDeepAt());
        assertEquals(OptionalInt.of(OfxDocument.MAX_DEPTH + 1), OfxDocument.parse("<A>\n" + atLimit).tooDeepAt());
    }

    @Test
    void closed_aggregates_side_by_side_do_not_add_up_and_unclosed_ones_do() {
        assertEquals(OptionalInt.empty(), OfxDocument.parse("<OFX>" + "<S><N>x</N><E></E></S>".repeat(5000) + "</OFX>").tooDeepAt());
        assertEquals(OptionalInt.of(1), OfxDocument.parse("<OFX>" + "<S><N>x".repeat(5000) + "</OFX>").tooDeepAt());
    }

    @Test
    void an_ofx_aggregate_started_again_and_again_does_not_nest() {
        String document = "<OFX>\n" + "<BANKMSGSRSV1>\n".repeat(4000) + "</OFX>\n";
        OfxDocument doc = OfxDocument.parse(document);
        assertEquals(OptionalInt.empty(), doc.tooDeepAt());
        assertEquals(4000, doc.ofx().children().size());
    }

    @Test
    void processing_instructions_comments_and_empty_elements_are_not_aggregates() {
        String noise = "<?xml version=\"1.0\"?>\n<!-- note -->\n<EMPTY/>\n";
        assertEquals(OptionalInt.empty(), OfxDocument.parse(noise.repeat(1000)).tooDeepAt());
    }

    @Test
    void two_hundred_thousand_unclosed_unknown_tags_are_read_in_one_pass_without_a_stack_overflow() {
        OfxDocument doc = OfxDocument.parse("<OFX>" + "<X>".repeat(200_000));
        assertEquals(OptionalInt.of(1), doc.tooDeepAt());
        assertEquals(200_000, doc.all("X").size());
    }
}
