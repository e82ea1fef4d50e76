package com.cardscry.portal.application.privacy;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Legal holds as an erasure sees them ({@code application/retention/LegalHolds} is the one
 * implementation): GDPR Art. 17(3)(e) lets data needed for legal claims outlive a deletion request,
 * and a hold is an administrator saying that it is.
 */
public interface ErasureHolds {

    /**
     * Whether a legal hold on the account holds now, and if so its last day, after the hold has
     * recorded that this deletion request waits for it: when the hold ends or is lifted, a deletion
     * request of its own finishes the erasure. Empty when no hold holds (the step erases). Asking again
     * for the same request changes nothing.
     */
    Optional<LocalDate> holdErasure(String accountId, String requestId);
}
