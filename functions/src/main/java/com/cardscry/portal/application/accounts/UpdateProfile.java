package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.Consent;
import com.cardscry.portal.domain.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code PATCH /me}: changes the display name, accepts the current terms or privacy policy, or starts
 * an address change. A new address does not replace the old one until its code is entered; until
 * then the profile shows it as pending. Each change is re-applied to the latest version if the
 * account changed meanwhile, so the request is safe to retry.
 */
public final class UpdateProfile {

    /** What the frontend sends; absent members stay as they are. */
    public record Command(Optional<String> displayName, Optional<String> email, Optional<String> acceptedTermsVersion,
                          Optional<String> acceptedPrivacyPolicyVersion) {
        @Override
        public String toString() {
            return "UpdateProfile.Command[displayName=" + displayName.isPresent() + ", email=" + email.isPresent() + "]";
        }
    }

    private final AccountServices services;
    private final EmailVerification verification;

    public UpdateProfile(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
        this.verification = new EmailVerification(services);
    }

    public Outcome<Profile> handle(Caller caller, Command command) {
        if (command.displayName().isEmpty() && command.email().isEmpty() && command.acceptedTermsVersion().isEmpty()
                && command.acceptedPrivacyPolicyVersion().isEmpty()) {
            return Outcome.refused(Problem.of(ProblemType.INVALID_REQUEST, "Send at least one member to change."));
        }
        Optional<String> displayName;
        try {
            displayName = command.displayName().map(Account::requireDisplayName);
        } catch (IllegalArgumentException invalid) {
            return invalid("/displayName", "The display name must be 1 to " + Account.MAX_DISPLAY_NAME_LENGTH
                    + " characters without control characters.");
        }
        Optional<EmailAddress> email = Optional.empty();
        if (command.email().isPresent()) {
            email = EmailAddress.parse(command.email().get());
            if (email.isEmpty()) {
                return invalid("/email", "The email address is not valid.");
            }
        }
        AccountPolicy policy = services.policy();
        if (command.acceptedTermsVersion().filter(version -> !version.equals(policy.termsVersion())).isPresent()) {
            return invalid("/acceptedTermsVersion", "Only the current terms of service, version " + policy.termsVersion() + ", can be accepted.");
        }
        if (command.acceptedPrivacyPolicyVersion().filter(version -> !version.equals(policy.privacyPolicyVersion())).isPresent()) {
            return invalid("/acceptedPrivacyPolicyVersion", "Only the current privacy policy, version "
                    + policy.privacyPolicyVersion() + ", can be accepted.");
        }
        Optional<EmailAddress> newEmail = email;
        return caller.usableAccount().then(found -> apply(found, command, displayName, newEmail));
    }

    private Outcome<Profile> apply(AccountRecords.Versioned found, Command command, Optional<String> displayName,
                                   Optional<EmailAddress> email) {
        return services.accounts().update(found, current -> {
            Account account = current.account();
            if (!account.isUsable()) {
                return OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.CONFLICT,
                        "The account was blocked or closed meanwhile.")));
            }
            Instant now = services.clock().now();
            List<String> changed = new ArrayList<>();
            Account next = account;
            if (displayName.isPresent() && !displayName.get().equals(account.displayName())) {
                next = next.withDisplayName(displayName.get(), now);
                changed.add("displayName");
            }
            Consent consent = next.consent();
            if (command.acceptedTermsVersion().isPresent()) {
                consent = consent.withTerms(command.acceptedTermsVersion().get(), now);
            }
            if (command.acceptedPrivacyPolicyVersion().isPresent()) {
                consent = consent.withPrivacyPolicy(command.acceptedPrivacyPolicyVersion().get(), now);
            }
            if (!consent.equals(next.consent())) {
                next = next.withConsent(consent, now);
                changed.add("consent");
            }
            Optional<EmailVerification.Issued> issued = Optional.empty();
            if (email.isPresent() && !isCurrentOrPending(account, email.get())) {
                Optional<Problem> refused = mayChangeTo(account, email.get(), now);
                if (refused.isPresent()) {
                    return OptimisticUpdate.Change.answer(Outcome.refused(refused.get()));
                }
                issued = Optional.of(verification.issue(next, email.get(), now));
                next = next.withChallenge(issued.get().challenge(), now);
                changed.add("pendingEmail");
            }
            if (changed.isEmpty()) {
                return OptimisticUpdate.Change.answer(Outcome.done(Profile.of(account, services.policy(), now)));
            }
            Optional<EmailVerification.Issued> code = issued;
            return OptimisticUpdate.Change.write(next, stored -> {
                services.audit().record(AuditEntry.bySubject(now, AuditAction.PROFILE_CHANGED, services.pseudonyms().of(account.id()),
                        Map.of("fields", String.join(",", changed))));
                AccountRecords.Versioned latest = code.map(sent -> verification.deliver(stored, sent.code())).orElse(stored);
                return Outcome.done(Profile.of(latest.account(), services.policy(), now));
            });
        }, Problem.of(ProblemType.ACCOUNT_NOT_FOUND, "The account no longer exists."));
    }

    /** The address is already the verified one, or already waiting for its code: nothing to do. */
    private static boolean isCurrentOrPending(Account account, EmailAddress email) {
        boolean current = account.emailVerified() && account.email().equals(email) && account.challenge().isEmpty();
        boolean pending = account.challenge().filter(open -> open.email().equals(email)).isPresent();
        return current || pending;
    }

    private Optional<Problem> mayChangeTo(Account account, EmailAddress email, Instant now) {
        Optional<String> owner = services.accounts().emailOwner(email);
        if (owner.filter(id -> !id.equals(account.id())).isPresent()) {
            return Optional.of(Problem.ofField(ProblemType.EMAIL_IN_USE, "/email", "Another account has verified this email address."));
        }
        Optional<Duration> wait = EmailVerification.resendWait(account, now);
        return wait.map(duration -> Problem.rateLimited("A new code can be sent later.", duration));
    }

    private static Outcome<Profile> invalid(String field, String detail) {
        return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, field, detail));
    }
}
