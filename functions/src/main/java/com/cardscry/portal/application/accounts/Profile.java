package com.cardscry.portal.application.accounts;

import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.EmailChallenge;
import java.time.Instant;
import java.util.Optional;

/**
 * An account as its owner sees it: everything stored about them except the code hash, plus what the
 * frontend needs to prompt (an open verification, consent to renew).
 *
 * @param account                the account
 * @param pendingEmail           an address waiting for its code, when it is not yet the account's
 * @param verificationExpiresAt  when the open code expires, if one is open
 * @param resendAvailableAt      when another code may be sent, if one is open
 * @param reacceptanceRequired   whether the user must accept the current terms or privacy policy
 * @param currentTermsVersion    the version to accept
 * @param currentPrivacyPolicyVersion the version to accept
 */
public record Profile(
        Account account,
        Optional<String> pendingEmail,
        Optional<Instant> verificationExpiresAt,
        Optional<Instant> resendAvailableAt,
        boolean reacceptanceRequired,
        String currentTermsVersion,
        String currentPrivacyPolicyVersion) {

    static Profile of(Account account, AccountPolicy policy, Instant now) {
        Optional<EmailChallenge> open = account.challenge();
        Optional<String> pending = open.filter(challenge -> !challenge.email().equals(account.email()) || !account.emailVerified())
                .map(challenge -> challenge.email().value());
        return new Profile(account, pending,
                open.map(EmailChallenge::expiresAt),
                open.map(challenge -> challenge.resendAllowedIn(now).map(now::plus).orElse(now)),
                account.state() != AccountState.CLOSED && account.consent().isOutdated(policy.termsVersion(), policy.privacyPolicyVersion()),
                policy.termsVersion(), policy.privacyPolicyVersion());
    }
}
