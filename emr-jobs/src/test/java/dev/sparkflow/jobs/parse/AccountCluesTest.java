package dev.sparkflow.jobs.parse;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccountCluesTest {
    @Test
    void an_account_value_becomes_an_iban_a_card_an_account_number_or_a_name() {
        assertEquals("iban-nl91abna0417164300", AccountClues.fromValue("NL91 ABNA 0417 1643 00", "Rekening").id());
        assertEquals("card-7716", AccountClues.fromValue("543484******7716", "Card Number").id());
        assertEquals("acct-8265", AccountClues.fromValue("20-45-77 43918265", "Account").id());
        assertEquals("girokonto-gemeinsam", AccountClues.fromValue("Girokonto (gemeinsam)", "Account").id());
    }

    @Test
    void a_preamble_names_the_account_by_iban_then_card_then_labelled_number_then_handle() {
        assertEquals(Optional.of("iban-de21120300001020384756"), AccountClues.inPreamble(List.of(
                "\"Girokonto\";\"DE21120300001020384756\"", "\"Kontostand vom 12.05.2025:\";\"1.234,56 €\"")).map(AccountClues.Found::id));
        assertEquals(Optional.of("card-1091"), AccountClues.inPreamble(List.of("Compte de Dépôt n° 00048213377",
                " carte n° 5137 81XX XXXX 1091")).map(AccountClues.Found::id));
        assertEquals(Optional.of("acct-5178"), AccountClues.inPreamble(List.of(
                "Umsätze Persönliches Konto (00);;;Kundennummer: 580 1875178")).map(AccountClues.Found::id));
        assertEquals(Optional.empty(), AccountClues.inPreamble(List.of("\"Neuer Kontostand\";\"1.843,27 EUR\"")),
                "a balance is no account number");
        assertEquals(Optional.of("maya-okafor"), AccountClues.inPreamble(List.of("Account Statement - (@maya-okafor)"))
                .map(AccountClues.Found::id));
    }

    @Test
    void a_slug_drops_accents_and_joins_words_with_dashes() {
        assertEquals("kayttotili-fi73-1745", AccountClues.slug("KÄYTTÖTILI FI73 1745"));
        assertEquals("strasse-konto", AccountClues.slug("Straße Konto"));
    }
}
