package com.cardscry.portal.application;

import com.cardscry.portal.application.port.DevelopmentClaims;
import com.cardscry.portal.application.port.DevelopmentTokenIssuer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Use case: "give me a token as this user" while developing locally. Checks the shape of the ids and
 * roles, then has the {@link DevelopmentTokenIssuer} sign. Whether the token is then accepted is the
 * verifier's decision alone (a tenant off the allowlist is signed, and refused when presented).
 *
 * <p>The composition root makes this use case only in local mode with the development issuer, so
 * outside it there is nothing to call.
 */
public final class IssueDevelopmentToken {

    /** A GUID as Entra ID writes tenant and object ids, or any short id of the same alphabet. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** App role values as Entra ID allows them: no whitespace; short enough for any token. */
    private static final Pattern ROLE = Pattern.compile("[^\\s,]{1,120}");
    private static final int MAX_ROLES = 20;
    private static final int MAX_TEXT_CHARS = 256;

    private final DevelopmentTokenIssuer issuer;

    public IssueDevelopmentToken(DevelopmentTokenIssuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** The outcome: a signed token, or the problem with the claims asked for. */
    public sealed interface Outcome permits Issued, Refused {
    }

    /** A token valid for {@code expiresIn} from now. */
    public record Issued(String accessToken, Duration expiresIn) implements Outcome {
        public Issued {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(expiresIn, "expiresIn");
        }

        @Override
        public String toString() {
            return "Issued[expiresIn=" + expiresIn + "]";
        }
    }

    /** Claims of the wrong shape; the problem names the field. */
    public record Refused(Problem problem) implements Outcome {
        public Refused {
            Objects.requireNonNull(problem, "problem");
        }
    }

    public Outcome issue(DevelopmentClaims claims) {
        Optional<Problem> problem = problemWith(claims);
        if (problem.isPresent()) {
            return new Refused(problem.get());
        }
        return new Issued(issuer.issue(claims), DevelopmentTokenIssuer.TOKEN_LIFETIME);
    }

    /** The signing key set, for anyone who wants to verify development tokens themselves. */
    public String signingKeysJson() {
        return issuer.jwksJson();
    }

    private static Optional<Problem> problemWith(DevelopmentClaims claims) {
        if (!ID.matcher(claims.objectId()).matches()) {
            return invalid("/oid", "The object id must be a GUID or 1 to 64 letters, digits and hyphens.");
        }
        if (!ID.matcher(claims.tenantId()).matches()) {
            return invalid("/tid", "The tenant id must be a GUID or 1 to 64 letters, digits and hyphens.");
        }
        if (claims.name().filter(IssueDevelopmentToken::isUnfitText).isPresent()) {
            return invalid("/name", "The name must be 1 to " + MAX_TEXT_CHARS + " characters.");
        }
        if (claims.email().filter(IssueDevelopmentToken::isUnfitText).isPresent()) {
            return invalid("/email", "The email must be 1 to " + MAX_TEXT_CHARS + " characters.");
        }
        if (claims.roles().size() > MAX_ROLES) {
            return invalid("/roles", "At most " + MAX_ROLES + " roles can be asked for.");
        }
        if (!claims.roles().stream().allMatch(role -> ROLE.matcher(role).matches())) {
            return invalid("/roles", "Each role must be 1 to 120 characters without whitespace or commas.");
        }
        return Optional.empty();
    }

    private static boolean isUnfitText(String text) {
        return text.isBlank() || text.length() > MAX_TEXT_CHARS;
    }

    private static Optional<Problem> invalid(String field, String detail) {
        return Optional.of(Problem.ofField(ProblemType.INVALID_REQUEST, field, detail));
    }
}
