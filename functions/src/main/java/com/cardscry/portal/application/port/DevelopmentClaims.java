package com.cardscry.portal.application.port;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a development token should say the caller is: the claims a developer asks the local
 * {@link DevelopmentTokenIssuer} to sign, named as in {@link VerifiedIdentity}.
 *
 * <p>{@link #toString()} leaves out name and email, like {@link VerifiedIdentity}.
 *
 * @param objectId the user's id within the tenant ({@code oid}; also the token's {@code sub})
 * @param tenantId the tenant ({@code tid}); the verifier accepts it only if it is on the allowlist
 * @param name the display name ({@code name}), if the token should carry one
 * @param email the email address ({@code email}), if the token should carry one
 * @param roles the app roles ({@code roles}); empty for none
 */
public record DevelopmentClaims(
        String objectId,
        String tenantId,
        Optional<String> name,
        Optional<String> email,
        Set<String> roles) {

    public DevelopmentClaims {
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return "DevelopmentClaims[objectId=" + objectId + ", tenantId=" + tenantId + ", roles=" + roles + "]";
    }
}
