package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.accounts.ListSessions;
import com.cardscry.portal.application.accounts.Profile;
import com.cardscry.portal.domain.Account;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of accounts and sessions; see {@code Profile}, {@code Session} in openapi/portal.yaml. */
final class AccountViews {

    private AccountViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record ProfileView(String id, String displayName, String email, boolean emailVerified, Optional<String> pendingEmail,
                       String state, Optional<String> moderationReason, ConsentView consent,
                       Optional<VerificationView> verification, Instant createdAt, Instant updatedAt) {

        static ProfileView of(Profile profile) {
            Account account = profile.account();
            return new ProfileView(account.id(), account.displayName(), account.email().value(), account.emailVerified(),
                    profile.pendingEmail(), account.state().code(), account.moderationReason(),
                    new ConsentView(account.consent().termsVersion(), account.consent().termsAcceptedAt(),
                            account.consent().privacyPolicyVersion(), account.consent().privacyPolicyAcceptedAt(),
                            profile.reacceptanceRequired(), profile.currentTermsVersion(), profile.currentPrivacyPolicyVersion()),
                    profile.verificationExpiresAt().map(expires ->
                            new VerificationView(expires, profile.resendAvailableAt().orElse(expires))),
                    account.createdAt(), account.updatedAt());
        }
    }

    record ConsentView(String termsVersion, Instant termsAcceptedAt, String privacyPolicyVersion, Instant privacyPolicyAcceptedAt,
                       boolean reacceptanceRequired, String currentTermsVersion, String currentPrivacyPolicyVersion) {
    }

    record VerificationView(Instant codeExpiresAt, Instant resendAvailableAt) {
    }

    /** What an administrator sees after blocking or unblocking: ids and state, no personal data. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record ModeratedAccountView(String id, String state, Optional<String> moderationReason, Instant updatedAt) {
        static ModeratedAccountView of(Profile profile) {
            Account account = profile.account();
            return new ModeratedAccountView(account.id(), account.state().code(), account.moderationReason(), account.updatedAt());
        }
    }

    record SessionView(String id, Instant createdAt, Instant lastActiveAt, Instant endsAt, Instant absoluteExpiresAt, boolean current) {
        static SessionView of(ListSessions.Listed listed) {
            return new SessionView(listed.session().id(), listed.session().createdAt(), listed.session().lastActiveAt(),
                    listed.endsAt(), listed.session().absoluteExpiresAt(), listed.current());
        }
    }

    record SessionList(List<SessionView> items) {
    }

    /** A session with its CSRF token; {@code reacceptanceRequired} tells the frontend to ask for consent first. */
    record SessionWithCsrf(SessionView session, String csrfToken, boolean reacceptanceRequired) {
    }
}
