package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.Session;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an authenticated request comes from.
 *
 * @param tenantId      Entra ID tenant
 * @param objectId      Entra ID object id
 * @param admin         whether the caller holds the admin role (taken from the token; for a session,
 *                      from the token that started it)
 * @param account       the caller's account as read for this request, if the identity has one
 * @param session       the session the request came with, when it was cookie-authenticated
 * @param sessionSecret that session's secret (from the cookie), to derive its CSRF token
 * @param clientAddress the client's address, for rate limits only
 */
public record Caller(
        String tenantId,
        String objectId,
        boolean admin,
        Optional<AccountRecords.Versioned> account,
        Optional<Session> session,
        Optional<String> sessionSecret,
        Optional<String> clientAddress) {

    public Caller {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(sessionSecret, "sessionSecret");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** The key rate limits per identity use. */
    public String identityKey() {
        return AccountRecords.identityKey(tenantId, objectId);
    }

    /** The caller's account in whatever state, for reading the profile; absent means "sign up first". */
    public Outcome<AccountRecords.Versioned> anyAccount() {
        return account.filter(found -> found.account().state() != AccountState.CLOSED)
                .<Outcome<AccountRecords.Versioned>>map(Outcome::done)
                .orElseGet(() -> Outcome.refused(Problem.of(ProblemType.ACCOUNT_NOT_FOUND,
                        "There is no account for this identity; sign up first.")));
    }

    /** The caller's account, if it may be used: pending or active (blocked and closing ones may not). */
    public Outcome<AccountRecords.Versioned> usableAccount() {
        return anyAccount().then(found -> switch (found.account().state()) {
            case PENDING, ACTIVE -> Outcome.done(found);
            case BLOCKED -> Outcome.refused(Problem.of(ProblemType.ACCOUNT_BLOCKED,
                    "The account is blocked; only the profile and privacy requests remain available."));
            case CLOSING, CLOSED -> Outcome.refused(Problem.of(ProblemType.ACCOUNT_CLOSED,
                    "The account is being closed; only the profile and privacy requests remain available."));
        });
    }

    /** The caller's account if it is active: usable, and its email address verified. */
    public Outcome<AccountRecords.Versioned> activeAccount() {
        return usableAccount().then(found -> found.account().state() == AccountState.ACTIVE ? Outcome.done(found)
                : Outcome.refused(Problem.of(ProblemType.ACCOUNT_NOT_VERIFIED,
                        "Enter the code sent to the account's email address first.")));
    }

    /**
     * Empty if the caller may act as an administrator: the admin role, and, for an administrator who
     * has an account of their own, a usable one; otherwise the problem to answer with.
     */
    public Optional<Problem> adminRefusal() {
        if (!admin) {
            return Optional.of(Problem.of(ProblemType.FORBIDDEN, "Only administrators may do this."));
        }
        return account.isPresent() && usableAccount() instanceof Outcome.Refused<AccountRecords.Versioned> refused
                ? Optional.of(refused.problem()) : Optional.empty();
    }

    /** The pseudonym source for audit entries about what this caller did as an administrator. */
    public String actorKey() {
        return account.map(found -> found.account().id()).orElse(identityKey());
    }

    /** Whether the request came with a session cookie rather than a token. */
    public boolean viaSession() {
        return session.isPresent();
    }

    @Override
    public String toString() {
        return "Caller[tenantId=" + tenantId + ", admin=" + admin + ", account=" + account.map(found -> found.account().id()).orElse("none")
                + ", session=" + session.isPresent() + "]";
    }
}
