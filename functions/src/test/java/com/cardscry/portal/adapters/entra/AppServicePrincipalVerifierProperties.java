package com.cardscry.portal.adapters.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.cardscry.portal.adapters.entra.AppServicePrincipalVerifierTest.ClientPrincipals;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a header holds, the verifier answers instead of throwing: random text, Base64 of random
 * bytes, and a genuine principal's JSON with a few characters changed.
 */
class AppServicePrincipalVerifierProperties {

    private final FakeClock clock = new FakeClock();
    private final AppServicePrincipalVerifier verifier =
            new AppServicePrincipalVerifier(Set.of(TestTokens.TENANT), TestTokens.ADMIN_ROLE, clock);

    @Property
    void anyTextGetsAnAnswer(@ForAll @Size(max = 20_000) String header) {
        assertNotNull(verifier.verify(header));
    }

    @Property
    void base64OfRandomBytesIsMalformed(@ForAll @Size(max = 12_000) byte[] bytes) {
        String header = Base64.getEncoder().encodeToString(bytes);

        assertEquals(new Verification.Rejected(TokenRejection.MALFORMED), verifier.verify(header));
    }

    @Property(tries = 2_000)
    void aGenuinePrincipalWithCharactersChangedGetsAnAnswer(@ForAll("edits") List<Edit> edits) {
        StringBuilder json = new StringBuilder(
                ClientPrincipals.asAppServiceSendsIt(clock.now().plus(Duration.ofHours(1))));
        edits.forEach(edit -> edit.applyTo(json));
        String header = Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));

        assertNotNull(verifier.verify(header));
    }

    /**
     * One to four edits, each with a character drawn mostly from JSON's own punctuation, so that edits
     * change the structure rather than only the text.
     */
    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Character> character = Arbitraries.oneOf(
                Arbitraries.of('{', '}', '[', ']', '"', ':', ',', '\\', '0', 'n', ' '), Arbitraries.chars());
        Arbitrary<Edit> edit = Combinators.combine(
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.of(Edit.Kind.class), character).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }

    /** Inserts, deletes or replaces one character at {@code position} modulo the text's length. */
    record Edit(int position, Kind kind, char character) {

        enum Kind { INSERT, DELETE, REPLACE }

        void applyTo(StringBuilder text) {
            if (kind == Kind.INSERT) {
                text.insert(position % (text.length() + 1), character);
            } else if (text.length() > 0) {
                int at = position % text.length();
                if (kind == Kind.DELETE) {
                    text.deleteCharAt(at);
                } else {
                    text.setCharAt(at, character);
                }
            }
        }
    }
}
