package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Amount cells under point and comma styles: values, negative forms, and the precise reason when wrong. */
class AmountParserTest {
    private static final NumberStyle PARENTHESES = NumberStyle.POINT.withNegatives(
            EnumSet.of(NumberStyle.Negative.LEADING_MINUS, NumberStyle.Negative.PARENTHESES));
    private static final NumberStyle TRAILING = NumberStyle.COMMA.withNegatives(
            EnumSet.of(NumberStyle.Negative.LEADING_MINUS, NumberStyle.Negative.TRAILING_MINUS));
    private static final NumberStyle SWISS = new NumberStyle('.', '\'', EnumSet.of(NumberStyle.Negative.LEADING_MINUS));

    private static BigDecimal value(String cell, NumberStyle style) {
        AmountParser.Result r = AmountParser.parse(cell, style);
        assertNull(r.error(), () -> "'" + cell + "' was rejected: " + r.error());
        return r.value();
    }

    private static ReasonCode error(String cell, NumberStyle style) {
        return AmountParser.parse(cell, style).error();
    }

    @ParameterizedTest(name = "''{0}'' reads as {1} in a point layout")
    @CsvSource(delimiter = '|', value = {
            "12.50|12.50", "-12.50|-12.50", "+12.50|12.50", "1,234.56|1234.56", "1,234,567.00|1234567.00",
            "12|12", ".50|0.50", "€12.50|12.50", "$ 12.50|12.50", "12.50 EUR|12.50", "EUR -12.50|-12.50",
            "\u22123.50|-3.50", "99999999.99|99999999.99", "0.00|0.00"})
    void a_well_formed_point_amount_is_read(String cell, String expected) {
        assertEquals(new BigDecimal(expected), value(cell, NumberStyle.POINT));
    }

    @ParameterizedTest(name = "''{0}'' reads as {1} in a comma layout")
    @CsvSource(delimiter = '|', value = {"12,50|12.50", "1.234,56|1234.56", "-1.234,56|-1234.56", "1234,5|1234.5",
            "2.500|2500", "12,50 €|12.50"})
    void a_well_formed_comma_amount_is_read(String cell, String expected) {
        assertEquals(new BigDecimal(expected), value(cell, NumberStyle.COMMA));
    }

    @Test
    void parentheses_are_negative_where_the_layout_allows_them() {
        assertEquals(new BigDecimal("-12.00"), value("(12.00)", PARENTHESES));
        assertEquals(new BigDecimal("-1234.00"), value("(1,234.00)", PARENTHESES));
        assertEquals(ReasonCode.UNEXPECTED_NEGATIVE_FORMAT, error("(12.00)", NumberStyle.POINT));
    }

    @Test
    void a_trailing_minus_is_negative_where_the_layout_allows_it() {
        assertEquals(new BigDecimal("-12.50"), value("12,50-", TRAILING));
        assertEquals(ReasonCode.UNEXPECTED_NEGATIVE_FORMAT, error("12,50-", NumberStyle.COMMA));
        assertEquals(ReasonCode.UNEXPECTED_NEGATIVE_FORMAT, error("12.00-", PARENTHESES));
    }

    @Test
    void a_leading_minus_is_always_accepted() {
        assertEquals(new BigDecimal("-1"), value("-1", new NumberStyle('.', null, EnumSet.noneOf(NumberStyle.Negative.class))));
    }

    @Test
    void an_apostrophe_thousands_mark_is_read_where_the_layout_uses_it() {
        assertEquals(new BigDecimal("1234567.50"), value("1'234'567.50", SWISS));
        assertEquals(new BigDecimal("1234.50"), value("1'234.50", NumberStyle.POINT), "any layout reads an apostrophe mark");
    }

    @ParameterizedTest(name = "''{0}'' in a point layout is {1}")
    @CsvSource(delimiter = '|', value = {
            "1.234,56|DECIMAL_SEPARATOR_MISMATCH", "12,50|DECIMAL_SEPARATOR_MISMATCH",
            "abc|INVALID_AMOUNT", "12..5|INVALID_AMOUNT", "1e5|INVALID_AMOUNT", "NaN|INVALID_AMOUNT",
            "Infinity|INVALID_AMOUNT", "12.|INVALID_AMOUNT", "-|INVALID_AMOUNT", "1,23,4.00|INVALID_AMOUNT",
            "1.2.3|INVALID_AMOUNT", "12.5.0,1|INVALID_AMOUNT", "0x1F|INVALID_AMOUNT", "12 50|INVALID_AMOUNT",
            "100000000|AMOUNT_OUT_OF_RANGE", "-100000000.00|AMOUNT_OUT_OF_RANGE",
            "100000000000000000000|AMOUNT_OUT_OF_RANGE", "1234567890123456.00|AMOUNT_OUT_OF_RANGE"})
    void a_malformed_point_amount_names_its_reason(String cell, ReasonCode expected) {
        assertEquals(expected, error(cell, NumberStyle.POINT));
    }

    @ParameterizedTest(name = "''{0}'' in a comma layout is {1}")
    @CsvSource(delimiter = '|', value = {"1,234.56|DECIMAL_SEPARATOR_MISMATCH", "12.50|DECIMAL_SEPARATOR_MISMATCH",
            "12,,5|INVALID_AMOUNT", "1.23.4,00|INVALID_AMOUNT"})
    void a_malformed_comma_amount_names_its_reason(String cell, ReasonCode expected) {
        assertEquals(expected, error(cell, NumberStyle.COMMA));
    }

    @Test
    void an_empty_cell_is_a_missing_amount() {
        assertEquals(ReasonCode.MISSING_AMOUNT, error("", NumberStyle.POINT));
        assertEquals(ReasonCode.MISSING_AMOUNT, error("  \u00A0 ", NumberStyle.POINT));
        assertEquals(ReasonCode.MISSING_AMOUNT, error("€", NumberStyle.POINT));
    }

    @Test
    void separators_that_fit_neither_style_fail_fast_instead_of_recursing() {
        // 12..5 once bounced between the point and comma readings until the stack overflowed.
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> {
            for (String cell : new String[]{"12..5", "12,,5", "1.2,3.4", "1,2.3,4", ".,.,"}) {
                assertEquals(ReasonCode.INVALID_AMOUNT, error(cell, NumberStyle.POINT), cell);
                assertEquals(ReasonCode.INVALID_AMOUNT, error(cell, NumberStyle.COMMA), cell);
            }
        });
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "''{0}'' is {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "-$3,320.05|-3320.05|USD", "$7,461.72|7461.72|USD", "- $45.00|-45.00|USD", "+ $10.00|10.00|USD",
            "£23.40|23.40|GBP", "EUR 1,234.56|1234.56|EUR", "1,234.56 CHF|1234.56|CHF", "(12.00)|-12.00|",
            "12.00-|-12.00|", "12.00 CR|12.00|", "12.00 DR|-12.00|", "1\u00A0234.56|1234.56|", "CA$5.00|5.00|CAD"})
    void an_amount_is_read_whatever_is_written_around_it(String cell, String value, String currency) {
        AmountParser.Result r = AmountParser.parse(cell.replace("\\u00A0", "\u00A0"),
                NumberStyle.POINT.withNegatives(java.util.EnumSet.allOf(NumberStyle.Negative.class)));
        assertEquals(new BigDecimal(value), r.value(), cell);
        assertEquals(currency == null || currency.isEmpty() ? null : currency, r.currency(), cell);
    }

    @Test
    void a_comma_decimal_amount_with_its_code_keeps_both() {
        AmountParser.Result r = AmountParser.parse("1.234,56 EUR", NumberStyle.COMMA);
        assertEquals(new BigDecimal("1234.56"), r.value());
        assertEquals("EUR", r.currency());
    }
}
