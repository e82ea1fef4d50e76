package com.cardscry.portal.application.port;

import java.util.Objects;

/**
 * What {@link TokenVerifier#verify} found: either the caller's verified identity or the reason the
 * token was refused. Callers branch with {@code instanceof Verification.Verified verified}.
 */
public sealed interface Verification {

    /** The token is genuine, current and meant for this API; {@code identity} is what it proves. */
    record Verified(VerifiedIdentity identity) implements Verification {

        public Verified {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /**
     * The token was refused. The reason is for logs, metrics and tests; a response should not tell the
     * caller more than "unauthorised", so that a forger learns nothing from it.
     */
    record Rejected(TokenRejection reason) implements Verification {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
