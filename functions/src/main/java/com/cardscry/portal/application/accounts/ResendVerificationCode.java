package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /me/email-verification/code}: sends a new code for the open verification, at most once a
 * minute and five times an hour (429 with {@code Retry-After} otherwise). The old code stops working.
 */
public final class ResendVerificationCode {

    private final AccountServices services;
    private final EmailVerification verification;

    public ResendVerificationCode(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
        this.verification = new EmailVerification(services);
    }

    public Outcome<Profile> handle(Caller caller) {
        return caller.usableAccount().then(this::resend);
    }

    private Outcome<Profile> resend(AccountRecords.Versioned found) {
        Account account = found.account();
        Instant now = services.clock().now();
        if (account.challenge().isEmpty()) {
            return Outcome.refused(Problem.of(ProblemType.CONFLICT, "No verification is open."));
        }
        Optional<Duration> wait = EmailVerification.resendWait(account, now);
        if (wait.isPresent()) {
            return Outcome.refused(Problem.rateLimited("A new code can be sent later.", wait.get()));
        }
        EmailVerification.Issued issued = verification.issue(account, account.challenge().get().email(), now);
        WriteResult written = services.accounts().replace(account.withChallenge(issued.challenge(), now), found.etag());
        if (!written.isWritten()) {
            return Outcome.refused(Problem.of(ProblemType.CONFLICT, "The account changed meanwhile; try again."));
        }
        AccountRecords.Versioned delivered = verification.deliver(AccountRecords.toVersioned(written.stored()), issued.code());
        return Outcome.done(Profile.of(delivered.account(), services.policy(), now));
    }
}
