package com.cardscry.portal.application.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a verified token says the caller is. An account is keyed by {@code tenantId} + {@code objectId},
 * never by email: {@code email} and {@code name} are whatever the token carried, unverified by us.
 *
 * <p>{@link #toString()} leaves out name and email, so an identity in a log line carries no personal
 * data beyond the directory ids.
 *
 * @param tenantId the directory the user belongs to ({@code tid})
 * @param objectId the user's immutable id within that directory ({@code oid})
 * @param subject the user's id as seen by this application ({@code sub})
 * @param name the display name ({@code name}), if the token has one
 * @param email the email address ({@code email}), if the token has one
 * @param roles the app roles granted to the user ({@code roles}); empty if none
 * @param admin whether {@code roles} holds the configured admin role
 * @param expiresAt when the token expires ({@code exp}); a session built on it must not outlive it
 */
public record VerifiedIdentity(
        String tenantId,
        String objectId,
        String subject,
        Optional<String> name,
        Optional<String> email,
        Set<String> roles,
        boolean admin,
        Instant expiresAt) {

    public VerifiedIdentity {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "VerifiedIdentity[tenantId=" + tenantId + ", objectId=" + objectId + ", roles=" + roles
                + ", admin=" + admin + ", expiresAt=" + expiresAt + "]";
    }
}
