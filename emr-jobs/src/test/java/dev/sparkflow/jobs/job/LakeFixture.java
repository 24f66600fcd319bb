package dev.sparkflow.jobs.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** A tiny household dropped into a lake's landing/ on local disk: two accounts, an overlap, a transfer. */
final class LakeFixture {
    static final LocalDate INGEST_DATE = LocalDate.of(2026, 11, 21);
    static final Charset CP1252 = Charset.forName("windows-1252");

    /** Savings export, Jan to mid-Feb: two identical coffees, a transfer in, one impossible date, one "-" text. */
    static final String SAVINGS_JAN_FEB = """
            Date,Description,Amount,Currency
            2025-01-05,Interest,1.25,EUR
            2025-01-10,Corner Cafe,-3.20,EUR
            2025-01-10,Corner Cafe,-3.20,EUR
            2025-01-31,Transfer from checking,300.00,EUR
            2025-02-30,Broken row,-1.00,EUR
            2025-02-03,-ATM withdrawal,-50.00,EUR
            2025-02-14,Interest,1.30,EUR
            """;
    /** Savings export, Feb to March, overlapping the previous one in February. */
    static final String SAVINGS_FEB_MAR = """
            Date,Description,Amount,Currency
            2025-02-03,-ATM withdrawal,-50.00,EUR
            2025-02-14,Interest,1.30,EUR
            2025-03-02,Corner Cafe,-3.40,EUR
            """;
    /** Savings export for March, named with a leading underscore (which is not junk). */
    static final String SAVINGS_MARCH = """
            Date,Description,Amount,Currency
            2025-03-10,Corner Cafe,-3.60,EUR
            2025-03-14,Interest,1.35,EUR
            """;
    /** Hausbank checking export (Windows-1252): the other leg of the transfer, salary, rent. */
    static final String CHECKING = """
            Hausbank Kontoauszug
            Kontonummer: 5407324931
            
            Buchungstag;Valuta;Verwendungszweck;Soll;Haben;Währung
            29.01.2025;29.01.2025;Gehalt Januar ACME GmbH;;3.100,00;EUR
            30.01.2025;30.01.2025;Übertrag auf Sparkonto;300,00;;EUR
            01.02.2025;01.02.2025;Miete Hausverwaltung Müller;1.150,00;;EUR
            Kontostand am 01.02.2025;;;;1.650,00;EUR
            """;
    static final String BUDGETS = """
            month,category,amount,currency
            2025-01,groceries,400.00,EUR
            2025-02,groceries,420.00,EUR
            2025-02,dining,80.00,EUR
            """;
    static final String BALANCES = """
            date,account,balance,currency
            2025-01-31,main-checking,1650.00,EUR
            2025-01-31,savings,2301.25,EUR
            """;

    private LakeFixture() {
    }

    static void land(Path lake) {
        write(lake, "landing/transactions/savings/savings-2025-01.csv", SAVINGS_JAN_FEB, StandardCharsets.UTF_8);
        write(lake, "landing/transactions/savings/savings-2025-02.csv", SAVINGS_FEB_MAR, StandardCharsets.UTF_8);
        write(lake, "landing/transactions/hausbank-2025-01.csv", CHECKING, CP1252);
        write(lake, "landing/budgets/budgets-2025.csv", BUDGETS, StandardCharsets.UTF_8);
        write(lake, "landing/balances/balances-2025-01.csv", BALANCES, StandardCharsets.UTF_8);
    }

    static void write(Path lake, String relative, String text, Charset charset) {
        try {
            Path file = lake.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, text.getBytes(charset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
