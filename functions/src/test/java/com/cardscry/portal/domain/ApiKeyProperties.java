package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The key format's round trip, and that no text a typo or a guess could produce is taken for a key.
 */
class ApiKeyProperties {

    /** Every character that may appear in a key: the base62 alphabet and the prefix's underscore. */
    private static final String KEY_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";

    @Property
    void a_generated_key_parses_back_to_itself(@ForAll KeyEnvironment environment, @ForAll @Size(32) byte[] randomBytes) {
        ApiKey key = ApiKey.generate(environment, randomBytes);

        assertEquals(ApiKey.LENGTH, key.value().length());
        assertEquals(Optional.of(key), ApiKey.parse(key.value()));
        assertEquals(environment, ApiKey.parse(key.value()).orElseThrow().environment());
    }

    /** Exhaustive per key: every position, every other character that can appear in a key. */
    @Property(tries = 200)
    void changing_any_one_character_makes_it_no_key(@ForAll KeyEnvironment environment, @ForAll @Size(32) byte[] randomBytes) {
        String text = ApiKey.generate(environment, randomBytes).value();
        for (int position = 0; position < text.length(); position++) {
            for (char replacement : KEY_CHARACTERS.toCharArray()) {
                if (replacement != text.charAt(position)) {
                    String changed = text.substring(0, position) + replacement + text.substring(position + 1);
                    assertTrue(ApiKey.parse(changed).isEmpty(), "parsed with '" + replacement + "' at position " + position);
                }
            }
        }
    }

    @Property
    void parsing_never_throws_for_any_text(@ForAll String text) {
        ApiKey.parse(text).ifPresent(key -> assertEquals(text, key.value()));
    }

    /** Arbitrary text of exactly a key's length behind a real prefix, which gets past the cheap checks. */
    @Property
    void parsing_never_throws_for_text_shaped_like_a_key(@ForAll("keyShaped") String text) {
        ApiKey.parse(text).ifPresent(key -> assertEquals(text, key.value()));
    }

    @Provide
    Arbitrary<String> keyShaped() {
        Arbitrary<String> prefix = Arbitraries.of(KeyEnvironment.class).map(KeyEnvironment::prefix);
        Arbitrary<String> rest = Arbitraries.oneOf(
                Arbitraries.strings().withChars(KEY_CHARACTERS.toCharArray()).ofLength(49),
                Arbitraries.strings().all().ofLength(49));
        return prefix.flatMap(p -> rest.map(r -> p + r));
    }
}
