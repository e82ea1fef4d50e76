package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.Consent;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.EmailChallenge;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /signup}: makes the caller's account, pending until the emailed code is entered.
 *
 * <p>Safe to retry and to race: the account is bound to the identity through the identity index,
 * which only one sign-up can create, so a second sign-up (concurrent or later) answers the existing
 * account and makes nothing new. A sign-up that crashed half-way is finished by the next one: an
 * index entry without its account gets the account, a code never delivered is sent again.
 */
public final class SignUp {

    /** What the frontend sends. */
    public record Command(String displayName, String email, String acceptedTermsVersion, String acceptedPrivacyPolicyVersion) {
        @Override
        public String toString() {
            return "SignUp.Command[terms=" + acceptedTermsVersion + ", privacyPolicy=" + acceptedPrivacyPolicyVersion + "]";
        }
    }

    /** The account, and whether this request made it. */
    public record Result(Profile profile, boolean created) {
    }

    /**
     * How long a code may stay undelivered before a repeated sign-up sends a new one: long enough for
     * the sign-up that issued it to finish, so a duplicate request racing it does not send a second code.
     */
    static final Duration DELIVERY_GRACE = Duration.ofSeconds(30);

    private final AccountServices services;
    private final EmailVerification verification;

    public SignUp(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
        this.verification = new EmailVerification(services);
    }

    public Outcome<Result> handle(Caller caller, Command command) {
        if (caller.account().isPresent()) {
            return existing(caller.account().get());
        }
        String displayName;
        try {
            displayName = Account.requireDisplayName(command.displayName());
        } catch (IllegalArgumentException invalid) {
            return invalid("/displayName", "The display name must be 1 to " + Account.MAX_DISPLAY_NAME_LENGTH
                    + " characters without control characters.");
        }
        Optional<EmailAddress> email = EmailAddress.parse(command.email());
        if (email.isEmpty()) {
            return invalid("/email", "The email address is not valid.");
        }
        AccountPolicy policy = services.policy();
        if (!policy.termsVersion().equals(command.acceptedTermsVersion())) {
            return invalid("/acceptedTermsVersion", "Accept the current terms of service, version " + policy.termsVersion() + ".");
        }
        if (!policy.privacyPolicyVersion().equals(command.acceptedPrivacyPolicyVersion())) {
            return invalid("/acceptedPrivacyPolicyVersion", "Accept the current privacy policy, version " + policy.privacyPolicyVersion() + ".");
        }
        Optional<Problem> limited = services.limits().check(AbuseLimits.Action.SIGN_UP, caller);
        if (limited.isPresent()) {
            return Outcome.refused(limited.get());
        }
        if (services.accounts().emailOwner(email.get()).isPresent()) {
            return Outcome.refused(Problem.ofField(ProblemType.EMAIL_IN_USE, "/email",
                    "Another account has verified this email address."));
        }
        String accountId = services.accounts().bindIdentity(caller.tenantId(), caller.objectId(), UUID.randomUUID().toString());
        Optional<AccountRecords.Versioned> raced = services.accounts().read(accountId);
        if (raced.isPresent()) {
            return existing(raced.get());
        }
        Instant now = services.clock().now();
        String code = services.keys().newCode();
        Account account = Account.signUp(accountId, caller.tenantId(), caller.objectId(), displayName, email.get(),
                Consent.acceptedAt(command.acceptedTermsVersion(), command.acceptedPrivacyPolicyVersion(), now),
                EmailChallenge.first(email.get(), services.keys().codeHash(accountId, code), now), now);
        services.accounts().indexSignUp(new AccountRecords.SignUpEntry(accountId, caller.tenantId(), caller.objectId(), now));
        WriteResult created = services.accounts().create(account);
        if (!created.isWritten()) {
            return services.accounts().read(accountId).map(this::existing)
                    .orElseThrow(() -> new IllegalStateException("account neither created nor found"));
        }
        services.audit().record(AuditEntry.bySubject(now, AuditAction.SIGN_UP, services.pseudonyms().of(accountId),
                Map.of("termsVersion", command.acceptedTermsVersion(), "privacyPolicyVersion", command.acceptedPrivacyPolicyVersion())));
        AccountRecords.Versioned delivered = verification.deliver(AccountRecords.toVersioned(created.stored()), code);
        return Outcome.done(new Result(profileOf(delivered), true));
    }

    /**
     * A second sign-up answers the account as it is. A pending account whose code never went out (the
     * notifier failed) gets a fresh code, once the first sign-up has had {@link #DELIVERY_GRACE} to
     * send it; a blocked or closing one cannot be signed up again.
     */
    private Outcome<Result> existing(AccountRecords.Versioned found) {
        Account account = found.account();
        if (account.state() == AccountState.CLOSING || account.state() == AccountState.CLOSED) {
            return Outcome.refused(Problem.of(ProblemType.ACCOUNT_CLOSED, "The account of this identity is being closed."));
        }
        if (account.state() == AccountState.BLOCKED) {
            return Outcome.refused(Problem.of(ProblemType.ACCOUNT_BLOCKED, "The account of this identity is blocked."));
        }
        Instant now = services.clock().now();
        boolean undelivered = account.challenge()
                .filter(open -> open.deliveredAt().isEmpty())
                .filter(open -> !now.isBefore(open.issuedAt().plus(DELIVERY_GRACE)))
                .isPresent();
        AccountRecords.Versioned current = found;
        if (undelivered) {
            EmailVerification.Issued issued = verification.issue(account, account.challenge().get().email(), now);
            WriteResult reissued = services.accounts().replace(account.withChallenge(issued.challenge(), now), found.etag());
            if (reissued.isWritten()) {
                current = verification.deliver(AccountRecords.toVersioned(reissued.stored()), issued.code());
            }
        }
        return Outcome.done(new Result(profileOf(current), false));
    }

    private Profile profileOf(AccountRecords.Versioned stored) {
        return Profile.of(stored.account(), services.policy(), services.clock().now());
    }

    private static Outcome<Result> invalid(String field, String detail) {
        return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, field, detail));
    }
}
