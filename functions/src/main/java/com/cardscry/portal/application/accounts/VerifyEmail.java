package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.EmailChallenge;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /me/email-verification}: the user enters the code we emailed. The right code makes the
 * address the account's verified one (activating a pending account) and claims it in the blind index;
 * a wrong one is counted. Entering a code again after success answers the verified account, so a
 * retried request does not fail.
 */
public final class VerifyEmail {

    /** What the frontend sends. */
    public record Command(String code) {
        @Override
        public String toString() {
            return "VerifyEmail.Command[redacted]";
        }
    }

    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    private final AccountServices services;

    public VerifyEmail(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Profile> handle(Caller caller, Command command) {
        if (command.code() == null || !SIX_DIGITS.matcher(command.code()).matches()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/code", "The code is six digits."));
        }
        return caller.usableAccount().then(found -> {
            Optional<Problem> limited = services.limits().check(AbuseLimits.Action.CODE_ENTRY, caller);
            return limited.<Outcome<Profile>>map(Outcome::refused).orElseGet(() -> enter(found, command.code()));
        });
    }

    private Outcome<Profile> enter(AccountRecords.Versioned found, String code) {
        return services.accounts().update(found, current -> {
            Account account = current.account();
            Instant now = services.clock().now();
            Optional<EmailChallenge> open = account.challenge();
            if (open.isEmpty()) {
                return OptimisticUpdate.Change.answer(account.emailVerified()
                        ? Outcome.done(Profile.of(account, services.policy(), now))
                        : Outcome.refused(Problem.of(ProblemType.CONFLICT, "No verification is open; ask for a new code.")));
            }
            EmailChallenge challenge = open.get();
            if (challenge.isExpired(now)) {
                return OptimisticUpdate.Change.answer(rejected("The code has expired; ask for a new one."));
            }
            if (challenge.isSpent()) {
                return OptimisticUpdate.Change.answer(rejected("Too many wrong codes; ask for a new one."));
            }
            boolean correct = challenge.matches(services.keys().codeHash(account.id(), code));
            // Claiming is idempotent for the same account, so a repeated decision may claim again.
            if (correct && !services.accounts().claimEmail(challenge.email(), account.id())) {
                return OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.EMAIL_IN_USE,
                        "Another account has verified this email address meanwhile.")));
            }
            return OptimisticUpdate.Change.write(account.afterCodeEntered(correct, now),
                    stored -> correct ? verified(account, challenge, stored, now) : wrongCode(stored, now));
        }, Problem.of(ProblemType.ACCOUNT_NOT_FOUND, "The account no longer exists."));
    }

    private Outcome<Profile> verified(Account before, EmailChallenge challenge, AccountRecords.Versioned stored, Instant now) {
        services.audit().record(AuditEntry.bySubject(now, AuditAction.EMAIL_VERIFIED, services.pseudonyms().of(before.id()),
                Map.of("change", before.emailVerified() ? "address-change" : "sign-up")));
        releasePreviousAddress(before, challenge.email());
        if (!before.emailVerified()) {
            // A verified sign-up is an account now: the retention purge no longer looks for it.
            services.accounts().unindexSignUp(before.id(), before.createdAt());
        }
        return Outcome.done(Profile.of(stored.account(), services.policy(), now));
    }

    private Outcome<Profile> wrongCode(AccountRecords.Versioned stored, Instant now) {
        int failed = stored.account().challenge().orElseThrow().failedAttempts();
        services.audit().record(AuditEntry.bySubject(now, AuditAction.EMAIL_VERIFICATION_FAILED,
                services.pseudonyms().of(stored.account().id()), Map.of("failedAttempts", Integer.toString(failed))));
        int left = EmailChallenge.MAX_FAILED_ATTEMPTS - failed;
        return rejected(left > 0 ? "The code is wrong; " + left + (left == 1 ? " attempt" : " attempts") + " left."
                : "The code is wrong, and that was the last attempt; ask for a new one.");
    }

    /** After an address change, the old address is free for others. */
    private void releasePreviousAddress(Account before, EmailAddress verified) {
        if (before.emailVerified() && !before.email().equals(verified)) {
            services.accounts().releaseEmail(before.email(), before.id());
        }
    }

    private static Outcome<Profile> rejected(String detail) {
        return Outcome.refused(Problem.ofField(ProblemType.VERIFICATION_CODE_REJECTED, "/code", detail));
    }
}
