package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Account;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code DELETE /me}: the user closes their account. It moves to {@code closing} (erasure follows, as a
 * privacy request), and every session ends at once. Closing a closing account answers it again, and a
 * crash between the two steps is finished by the retry; a session missed meanwhile cannot be used,
 * since authentication refuses sessions of accounts that are not usable.
 */
public final class CloseAccount {

    private final AccountServices services;

    public CloseAccount(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Profile> handle(Caller caller) {
        return caller.anyAccount().then(this::close);
    }

    private Outcome<Profile> close(AccountRecords.Versioned found) {
        return services.accounts().update(found, current -> {
            Account account = current.account();
            Instant now = services.clock().now();
            return switch (account.state()) {
                case BLOCKED -> OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.ACCOUNT_BLOCKED,
                        "A blocked account cannot be closed here; make an erasure request instead.")));
                case CLOSING, CLOSED -> {
                    // A retry of a close that crashed before ending the sessions finishes it.
                    services.sessions().deleteAll(account.id());
                    yield OptimisticUpdate.Change.answer(Outcome.done(Profile.of(account, services.policy(), now)));
                }
                case PENDING, ACTIVE -> OptimisticUpdate.Change.write(account.closing(now), stored -> {
                    int ended = services.sessions().deleteAll(account.id());
                    services.audit().record(AuditEntry.bySubject(now, AuditAction.ACCOUNT_CLOSED, services.pseudonyms().of(account.id()),
                            Map.of("sessionsEnded", Integer.toString(ended))));
                    return Outcome.done(Profile.of(stored.account(), services.policy(), now));
                });
            };
        }, Problem.of(ProblemType.ACCOUNT_NOT_FOUND, "The account no longer exists."));
    }
}
