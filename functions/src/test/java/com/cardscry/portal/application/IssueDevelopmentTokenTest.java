package com.cardscry.portal.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.cardscry.portal.application.port.DevelopmentClaims;
import com.cardscry.portal.testing.FakeDevelopmentTokenIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IssueDevelopmentTokenTest {

    private static final String GUID = "5b2c7d3e-0000-4000-8000-0000000000a1";

    private final FakeDevelopmentTokenIssuer issuer = new FakeDevelopmentTokenIssuer();
    private final IssueDevelopmentToken useCase = new IssueDevelopmentToken(issuer);

    private static DevelopmentClaims claims(String oid, String tid, Optional<String> name, Set<String> roles) {
        return new DevelopmentClaims(oid, tid, name, Optional.empty(), roles);
    }

    @Nested
    class Issues {

        @ParameterizedTest
        @ValueSource(strings = {GUID, "a", "dev-user-1"})
        void a_token_for_ids_that_are_guids_or_short_words(String id) {
            IssueDevelopmentToken.Outcome outcome = useCase.issue(claims(id, id, Optional.empty(), Set.of()));

            IssueDevelopmentToken.Issued issued = assertInstanceOf(IssueDevelopmentToken.Issued.class, outcome);
            assertEquals(FakeDevelopmentTokenIssuer.TOKEN, issued.accessToken());
            assertEquals(Duration.ofHours(1), issued.expiresIn());
            assertEquals(id, issuer.issued().get(0).objectId());
        }

        @Test
        void a_token_with_roles_name_and_email() {
            DevelopmentClaims ada = new DevelopmentClaims(GUID, GUID, Optional.of("Ada"), Optional.of("ada@example.com"),
                    Set.of("Portal.Admin", "Portal.Reader"));

            assertInstanceOf(IssueDevelopmentToken.Issued.class, useCase.issue(ada));
            assertEquals(List.of(ada), issuer.issued());
        }
    }

    @Nested
    class RefusesNamingTheField {

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "semi;colon", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
        void an_object_id_of_another_shape(String oid) {
            assertRefused("/oid", claims(oid, GUID, Optional.empty(), Set.of()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "a/b", "ü"})
        void a_tenant_id_of_another_shape(String tid) {
            assertRefused("/tid", claims(GUID, tid, Optional.empty(), Set.of()));
        }

        @Test
        void a_blank_or_overlong_name() {
            assertRefused("/name", claims(GUID, GUID, Optional.of(" "), Set.of()));
            assertRefused("/name", claims(GUID, GUID, Optional.of("n".repeat(257)), Set.of()));
        }

        @Test
        void a_blank_email() {
            assertRefused("/email", new DevelopmentClaims(GUID, GUID, Optional.empty(), Optional.of(""), Set.of()));
        }

        @Test
        void roles_with_whitespace_or_commas_or_too_many() {
            assertRefused("/roles", claims(GUID, GUID, Optional.empty(), Set.of("Portal Admin")));
            assertRefused("/roles", claims(GUID, GUID, Optional.empty(), Set.of("a,b")));
            Set<String> many = IntStream.range(0, 21).mapToObj(i -> "Role" + i).collect(Collectors.toSet());
            assertRefused("/roles", claims(GUID, GUID, Optional.empty(), many));
        }

        private void assertRefused(String field, DevelopmentClaims claims) {
            Problem problem = assertInstanceOf(IssueDevelopmentToken.Refused.class, useCase.issue(claims)).problem();

            assertEquals(ProblemType.INVALID_REQUEST, problem.type());
            assertEquals(Optional.of(field), problem.field());
            assertEquals(List.of(), issuer.issued(), "nothing is signed for refused claims");
        }
    }
}
