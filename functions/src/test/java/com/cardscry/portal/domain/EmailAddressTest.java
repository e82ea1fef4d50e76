package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void normalises_case_and_surrounding_space() {
        assertEquals("ada.lovelace+portal@example.com", EmailAddress.parse("  Ada.Lovelace+portal@Example.COM ").orElseThrow().value());
    }

    @Test
    void two_spellings_of_one_address_are_equal() {
        assertEquals(EmailAddress.parse("ADA@example.com"), EmailAddress.parse("ada@EXAMPLE.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ada", "@example.com", "ada@", "ada@example", "ada@@example.com", "a da@example.com",
            "ada@exa mple.com", ".ada@example.com", "ada.@example.com", "a..da@example.com", "ada@-example.com",
            "ada@example-.com", "ada@example.c", "ada@example.123", "\"ada\"@example.com", "ada@[127.0.0.1]",
            "ada\n@example.com", "adä@example.com", "ada@exämple.com"})
    void refuses_what_is_not_a_plain_address(String text) {
        assertTrue(EmailAddress.parse(text).isEmpty());
    }

    @Test
    void refuses_addresses_beyond_the_rfc_lengths() {
        assertTrue(EmailAddress.parse("a".repeat(65) + "@example.com").isEmpty());
        assertTrue(EmailAddress.parse("a".repeat(64) + "@example.com").isPresent());
        assertTrue(EmailAddress.parse("ada@" + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
                + "d".repeat(58) + ".com").isEmpty());
    }

    @Test
    void accepts_punycode_domains() {
        assertTrue(EmailAddress.parse("ada@xn--exmple-cua.xn--p1ai").isPresent());
    }

    @Test
    void never_shows_the_address_in_its_string_form() {
        String shown = EmailAddress.parse("ada@example.com").orElseThrow().toString();
        assertFalse(shown.contains("ada") || shown.contains("example"), shown);
    }

    @Property
    void parsing_never_throws_and_a_parsed_address_parses_to_itself(@ForAll String text) {
        EmailAddress.parse(text).ifPresent(address -> assertEquals(address, EmailAddress.parse(address.value()).orElseThrow()));
    }
}
