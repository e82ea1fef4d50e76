package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.accounts.Profile;
import com.cardscry.portal.application.accounts.UpdateProfile;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.PrivacyRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * The correction request's one step ({@code apply-correction}): the changes go through the same use
 * case as the owner's own {@code PATCH /me}, on the owner's behalf, so the rules are the same. A new
 * display name applies at once; a new email address starts the usual verification (a code to the new
 * address) and becomes the account's address only once that code is entered: the request is complete
 * when the change has started. Applying it again changes nothing (the name is already set, the address
 * already pending), so a redelivery repeats no email.
 *
 * <p>Rejected, with a reason for the requester and nothing changed: an address another account has
 * verified, values the profile rules refuse, an account that is gone, blocked or closing, or a
 * correction whose values were erased. A code sent too recently to the same address is a passing
 * refusal: the step throws, and the queue's redelivery tries again later.
 */
public final class ApplyCorrection implements PrivacyStepHandler {

    private final AccountRecords accounts;
    private final UpdateProfile updateProfile;

    public ApplyCorrection(AccountRecords accounts, UpdateProfile updateProfile) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.updateProfile = Objects.requireNonNull(updateProfile, "updateProfile");
    }

    @Override
    public Result carryOut(PrivacyRequest request) {
        if (request.correction().isEmpty()) {
            return new Rejected("The corrections asked for were erased with the account.");
        }
        Optional<AccountRecords.Versioned> found = accounts.read(request.accountId());
        if (found.isEmpty()) {
            return new Rejected("There is no account to correct.");
        }
        PrivacyRequest.Correction correction = request.correction().get();
        Account account = found.get().account();
        Caller owner = new Caller(account.tenantId(), account.objectId(), false, found, Optional.empty(), Optional.empty(),
                Optional.empty());
        UpdateProfile.Command command = new UpdateProfile.Command(correction.displayName(),
                correction.email().map(email -> email.value()), Optional.empty(), Optional.empty());
        Outcome<Profile> applied = updateProfile.handle(owner, command);
        if (applied instanceof Outcome.Refused<Profile> refused) {
            return rejectionFor(refused.problem());
        }
        return PrivacyStepHandler.done();
    }

    private static Result rejectionFor(Problem problem) {
        return switch (problem.type()) {
            case EMAIL_IN_USE -> new Rejected("Another account uses the new email address, so nothing was changed.");
            case INVALID_REQUEST -> new Rejected("The corrections are not valid profile values, so nothing was changed.");
            case ACCOUNT_BLOCKED, ACCOUNT_CLOSED, ACCOUNT_NOT_FOUND, CONFLICT -> new Rejected(
                    "The account cannot be changed in its current state (blocked, or being closed).");
            case RATE_LIMITED -> throw new IllegalStateException("a code was sent to the new address moments ago; retried later");
            default -> throw new IllegalStateException("the profile change was refused unexpectedly: " + problem.type());
        };
    }
}
