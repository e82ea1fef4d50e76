package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.NotificationKind;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.EmailChallenge;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Issuing and delivering email verification codes, shared by sign-up, resend and address change.
 * A code is stored (as a hash) before it is sent, and marked delivered after: a crash in between
 * leaves an undelivered code, which the next sign-up or resend sends again at once.
 */
final class EmailVerification {

    private final AccountServices services;

    EmailVerification(AccountServices services) {
        this.services = services;
    }

    /** A challenge with a fresh code for {@code address}, and the code itself (to send, never to keep). */
    record Issued(EmailChallenge challenge, String code) {
        @Override
        public String toString() {
            return "Issued[" + challenge + "]";
        }
    }

    Issued issue(Account account, EmailAddress address, Instant now) {
        String code = services.keys().newCode();
        String hash = services.keys().codeHash(account.id(), code);
        EmailChallenge challenge = account.challenge()
                .map(open -> open.reissued(address, hash, now))
                .orElseGet(() -> EmailChallenge.first(address, hash, now));
        return new Issued(challenge, code);
    }

    /**
     * Sends the code and records the delivery, answering the account as it now is. Recording is best
     * effort: if the account changed in the meantime, the code stays "undelivered", which only allows
     * one extra immediate resend.
     */
    AccountRecords.Versioned deliver(AccountRecords.Versioned stored, String code) {
        Account account = stored.account();
        EmailChallenge challenge = account.challenge().orElseThrow();
        services.notifier().send(new Notification(challenge.email().value(), NotificationKind.EMAIL_VERIFICATION_CODE,
                Map.of("code", code, "expiresAt", challenge.expiresAt().toString()),
                account.id() + ":" + challenge.issuedAt().toEpochMilli()));
        Instant now = services.clock().now();
        WriteResult recorded = services.accounts().replace(account.withChallenge(challenge.delivered(now), now), stored.etag());
        return recorded.isWritten() ? AccountRecords.toVersioned(recorded.stored()) : stored;
    }

    /** When a code may be sent again, if not now. */
    static Optional<java.time.Duration> resendWait(Account account, Instant now) {
        return account.challenge().flatMap(open -> open.resendAllowedIn(now));
    }
}
