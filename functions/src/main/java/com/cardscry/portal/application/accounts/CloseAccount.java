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
 * {@code DELETE /me}: the user closes their account. It moves to {@code closing}, every session ends at
 * once, and the erasure is filed as a privacy deletion request (through the {@link AccountClosedListener})
 * whose id the answer carries. Closing a closing account answers it again with the same request; a
 * crash between the steps is finished by the retry, which ends the sessions and files (or finds) the
 * request again. A session missed meanwhile cannot be used, since authentication refuses sessions of
 * accounts that are not usable.
 */
public final class CloseAccount {

    /** The closing account, and the deletion request that erases it. */
    public record Closed(Profile profile, String erasureRequestId) {
        public Closed {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(erasureRequestId, "erasureRequestId");
        }
    }

    private final AccountServices services;
    private final AccountClosedListener onClosed;

    public CloseAccount(AccountServices services, AccountClosedListener onClosed) {
        this.services = Objects.requireNonNull(services, "services");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    public Outcome<Closed> handle(Caller caller) {
        return caller.anyAccount().then(this::close)
                .then(profile -> Outcome.done(new Closed(profile, onClosed.accountClosed(profile.account().id()))));
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
