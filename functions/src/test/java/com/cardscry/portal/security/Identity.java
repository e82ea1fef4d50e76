package com.cardscry.portal.security;

import java.util.List;
import java.util.UUID;

/**
 * A user as the development issuer would name them: a fresh object id, and a name and email unique to
 * this run, so that finding either in a log line cannot be a coincidence.
 *
 * @param objectId    the Entra ID object id ({@code oid})
 * @param displayName the name in the token and the sign-up body
 * @param email       the email in the token and the sign-up body
 * @param admin       whether the token carries the admin app role
 */
record Identity(String objectId, String displayName, String email, boolean admin) {

    static Identity user(String role) {
        return fresh(role, false);
    }

    static Identity admin(String role) {
        return fresh(role, true);
    }

    private static Identity fresh(String role, boolean admin) {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Identity(UUID.randomUUID().toString(), "Tester " + role + " " + unique,
                role + "." + unique + "@example.com", admin);
    }

    /** The personal data this identity brings: what no log line may contain. */
    List<String> personalData() {
        return List.of(displayName, email);
    }
}
