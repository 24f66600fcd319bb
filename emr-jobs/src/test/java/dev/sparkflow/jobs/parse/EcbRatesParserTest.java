package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.FxRateRecord;
import dev.sparkflow.jobs.model.ParsedFile;
import dev.sparkflow.jobs.model.ReasonCode;
import dev.sparkflow.jobs.model.Rejection;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.sparkflow.jobs.parse.Fixtures.csv;
import static dev.sparkflow.jobs.parse.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ECB's reference-rate files, in the layouts a person downloads them, wherever they land. */
class EcbRatesParserTest {
    /** eurofxref-hist.csv: newest day first, N/A for a currency not quoted that day, a trailing comma on every line. */
    static final String HIST = """
            Date,USD,JPY,BGN,CYP,GBP,CHF,
            2026-10-30,1.0842,162.35,N/A,N/A,0.84215,0.9391,
            2026-10-29,1.0815,161.92,N/A,N/A,0.84160,0.9402,
            2026-10-28,1.0797,161.40,N/A,N/A,0.84072,0.9388,
            """;

    /** eurofxref.csv (the day's rates): a long date and a space after each comma. */
    static final String DAILY = """
            Date, USD, JPY, GBP, CHF, \r
            30 October 2026, 1.0842, 162.35, 0.84215, 0.9391, \r
            """;

    /** The ECB Data Portal's SDMX CSV for EXR.D.USD+GBP.EUR.SP00.A (title columns quoted, holding commas). */
    static final String SDMX = """
            KEY,FREQ,CURRENCY,CURRENCY_DENOM,EXR_TYPE,EXR_SUFFIX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,TITLE,TITLE_COMPL
            EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,2026-10-29,1.0815,A,US dollar/Euro,"ECB reference exchange rate, US dollar/Euro, 2:15 pm (C.E.T.)"
            EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,2026-10-30,1.0842,A,US dollar/Euro,"ECB reference exchange rate, US dollar/Euro, 2:15 pm (C.E.T.)"
            EXR.D.GBP.EUR.SP00.A,D,GBP,EUR,SP00,A,2026-10-29,0.84160,A,UK pound sterling/Euro,"ECB reference exchange rate, UK pound sterling/Euro, 2:15 pm (C.E.T.)"
            EXR.D.GBP.EUR.SP00.A,D,GBP,EUR,SP00,A,2026-10-30,,M,UK pound sterling/Euro,"ECB reference exchange rate, UK pound sterling/Euro, 2:15 pm (C.E.T.)"
            EXR.M.USD.EUR.SP00.A,M,USD,EUR,SP00,A,2026-10,1.0810,A,US dollar/Euro,"ECB reference exchange rate, US dollar/Euro, 2:15 pm (C.E.T.)"
            """;

    private static List<FxRateRecord> rates(ParsedFile parsed) {
        return parsed.records().stream().map(FxRateRecord.class::cast).toList();
    }

    private static FxRateRecord rate(ParsedFile parsed, String date, String quote) {
        return rates(parsed).stream().filter(r -> r.rateDate().toString().equals(date) && r.quoteCurrency().equals(quote))
                .findFirst().orElseThrow(() -> new AssertionError("no " + quote + " rate on " + date));
    }

    @Test
    void the_history_file_gives_one_euro_rate_per_published_cell_and_names_the_n_a_cells() {
        ParsedFile parsed = parse(csv("fx_rates", null, HIST));
        assertEquals(12, parsed.records().size());
        assertEquals(0, new BigDecimal("0.84160").compareTo(rate(parsed, "2026-10-29", "GBP").rate()));
        assertTrue(rates(parsed).stream().allMatch(r -> r.baseCurrency().equals("EUR")));
        assertEquals("fx_rates", parsed.report().dataset());
        assertEquals("eurofxref-csv", parsed.report().layout().name());
        // 1 header line + 3 lines of 6 cells; 6 cells say N/A.
        assertEquals(Map.of("header", 1, EcbRatesParser.SKIPPED_NO_RATE, 6), parsed.report().linesSkipped());
        assertEquals(19, parsed.report().linesTotal());
        assertTrue(parsed.report().conserves());
    }

    @Test
    void the_daily_file_reads_its_long_date_and_spaced_cells() {
        ParsedFile parsed = parse(csv("fx_rates", null, DAILY));
        assertEquals(4, parsed.records().size());
        assertEquals(LocalDate.of(2026, 10, 30), rate(parsed, "2026-10-30", "JPY").rateDate());
        assertEquals(0, new BigDecimal("162.35").compareTo(rate(parsed, "2026-10-30", "JPY").rate()));
        assertTrue(parsed.report().conserves());
    }

    @Test
    void the_sdmx_file_takes_daily_reference_rates_and_names_missing_values_and_other_series() {
        ParsedFile parsed = parse(csv("fx_rates", null, SDMX));
        assertEquals(3, parsed.records().size());
        assertEquals("ecb-sdmx-csv", parsed.report().layout().name());
        assertEquals(0, new BigDecimal("1.0842").compareTo(rate(parsed, "2026-10-30", "USD").rate()));
        assertEquals(Map.of("header", 1, EcbRatesParser.SKIPPED_NO_RATE, 1, EcbRatesParser.SKIPPED_OTHER_SERIES, 1),
                parsed.report().linesSkipped());
        assertTrue(parsed.report().conserves());
    }

    @Test
    void a_rates_file_dropped_among_transactions_is_still_read_as_rates() {
        ParsedFile parsed = parse(csv("transactions", null, HIST));
        assertEquals("fx_rates", parsed.report().dataset());
        assertEquals(12, parsed.records().size());
    }

    @Test
    void a_bad_rate_is_quarantined_with_its_reason_and_the_rest_of_its_line_kept() {
        ParsedFile parsed = parse(csv("fx_rates", null, """
                Date,USD,JPY,GBP,
                2026-10-30,1.08x42,-162.35,0.84215,
                2026-02-30,1.0842,162.35,0.84215,
                2026-10-29,1.0815
                2026-10-28,1.0797,161.40,0.84072,0.9,
                2027-01-04,1.0797,161.40,0.84072,
                """));
        List<String> reasons = parsed.rejections().stream().map(Rejection::reason).map(ReasonCode::name).toList();
        assertEquals(List.of("INVALID_RATE", "INVALID_RATE", "IMPOSSIBLE_DATE", "WRONG_COLUMN_COUNT",
                "WRONG_COLUMN_COUNT", "DATE_OUT_OF_RANGE"), reasons);
        assertEquals(List.of("GBP"), rates(parsed).stream().map(FxRateRecord::quoteCurrency).toList());
        // header + 3 cells of line 2 + one unit each for the four lines rejected whole
        assertEquals(1 + 3 + 4, parsed.report().linesTotal());
        assertTrue(parsed.report().conserves());
    }

    @Test
    void a_rate_stated_twice_in_one_file_is_a_duplicate_key() {
        ParsedFile parsed = parse(csv("fx_rates", null, "Date,USD,\n2026-10-30,1.0842,\n2026-10-30,1.0843,\n"));
        assertEquals(1, parsed.records().size());
        assertEquals(ReasonCode.DUPLICATE_KEY, parsed.rejections().get(0).reason());
    }

    @Test
    void a_file_under_fx_rates_in_another_layout_is_rejected_whole_and_a_bank_csv_is_not_taken_for_rates() {
        ParsedFile other = parse(csv("fx_rates", null, "day,pair,rate\n2026-10-30,EURUSD,1.0842\n"));
        assertEquals(ReasonCode.UNKNOWN_LAYOUT.name(), other.report().fileReason());
        assertTrue(other.report().conserves());
        ParsedFile bank = parse(csv("transactions", null, "Date,Description,Amount,Currency\n2026-10-30,Rewe,-12.00,EUR\n"));
        assertEquals("transactions", bank.report().dataset());
    }
}
