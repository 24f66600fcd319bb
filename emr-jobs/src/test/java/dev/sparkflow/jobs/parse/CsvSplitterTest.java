package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** RFC 4180-style splitting of one line, without quoted fields spanning lines. */
class CsvSplitterTest {

    private static List<String> fields(String line, char delimiter) {
        CsvSplitter.Split split = CsvSplitter.split(line, delimiter);
        assertNull(split.error(), () -> "'" + line + "' did not split: " + split.error());
        return split.fields();
    }

    @Test
    void plain_fields_are_split_and_trimmed() {
        assertEquals(List.of("2024-01-05", "Coffee", "-3.50"), fields("2024-01-05, Coffee ,-3.50", ','));
    }

    @Test
    void a_quoted_field_may_hold_the_delimiter_and_doubled_quotes() {
        assertEquals(List.of("a,b", "say \"hi\"", "c"), fields("\"a,b\",\"say \"\"hi\"\"\",c", ','));
    }

    @Test
    void spaces_inside_quotes_are_kept_and_around_them_ignored() {
        assertEquals(List.of("  x  ", "y"), fields("  \"  x  \"  ;y", ';'));
    }

    @Test
    void empty_fields_are_kept_in_place() {
        assertEquals(List.of("", "", "x", ""), fields(";;x;", ';'));
        assertEquals(List.of(""), fields("", ';'));
        assertEquals(List.of("", ""), fields("\"\",", ','));
    }

    @Test
    void a_trailing_delimiter_gives_one_empty_last_field() {
        assertEquals(List.of("a", "b", ""), fields("a,b,", ','));
    }

    @Test
    void tab_and_pipe_delimiters_work_like_any_other() {
        assertEquals(List.of("a", "b c", "d"), fields("a\tb c\td", '\t'));
        assertEquals(List.of("a", "b,c"), fields("a|b,c", '|'));
    }

    @Test
    void a_quote_inside_an_unquoted_field_is_text() {
        assertEquals(List.of("12\" pizza", "9.99"), fields("12\" pizza,9.99", ','));
    }

    @Test
    void another_delimiter_inside_a_field_is_text() {
        assertEquals(List.of("1,50", "x"), fields("1,50;x", ';'));
    }

    @Test
    void an_unclosed_quote_is_unbalanced() {
        assertEquals(ReasonCode.UNBALANCED_QUOTE, CsvSplitter.split("a,\"b,c", ',').error());
        assertEquals(ReasonCode.UNBALANCED_QUOTE, CsvSplitter.split("a,\"b\"\"", ',').error());
        assertEquals(ReasonCode.UNBALANCED_QUOTE, CsvSplitter.split("\"", ',').error());
    }

    @Test
    void text_after_a_closing_quote_is_a_stray_quote() {
        assertEquals(ReasonCode.STRAY_QUOTE, CsvSplitter.split("a,\"b\"c,d", ',').error());
        assertEquals(ReasonCode.STRAY_QUOTE, CsvSplitter.split("\"a\" \"b\"", ',').error());
    }

    @Test
    void a_failed_split_has_no_fields() {
        CsvSplitter.Split split = CsvSplitter.split("\"open", ',');
        assertNull(split.fields());
        assertEquals(false, split.ok());
    }
}
