package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code DELETE /me}: the user closes their account. It moves to {@code closing} (erasure follows, as a
 * privacy request), and every session ends at once. Closing a closing account answers it again, and a
 * crash between the two steps is finished by the retry; a session missed meanwhile cannot be used,
 * since authentication refuses sessions of accounts that are not usable.
 */
public final class CloseAccount {

    private static final int CONFLICT_RETRIES = 5;

    private final AccountServices services;

    public CloseAccount(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Profile> handle(Caller caller) {
        return caller.anyAccount().then(this::close);
    }

    private Outcome<Profile> close(AccountRecords.Versioned found) {
        AccountRecords.Versioned current = found;
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Account account = current.account();
            Instant now = services.clock().now();
            if (account.state() == AccountState.BLOCKED) {
                return Outcome.refused(Problem.of(ProblemType.ACCOUNT_BLOCKED,
                        "A blocked account cannot be closed here; make an erasure request instead."));
            }
            if (account.state() == AccountState.CLOSING) {
                services.sessions().deleteAll(account.id());
                return Outcome.done(Profile.of(account, services.policy(), now));
            }
            WriteResult written = services.accounts().replace(account.closing(now), current.etag());
            if (written.status() == WriteResult.Status.CONFLICT) {
                Optional<AccountRecords.Versioned> reread = services.accounts().read(account.id());
                if (reread.isEmpty()) {
                    break;
                }
                current = reread.get();
                continue;
            }
            if (!written.isWritten()) {
                break;
            }
            int ended = services.sessions().deleteAll(account.id());
            services.audit().record(AuditEntry.bySubject(now, AuditAction.ACCOUNT_CLOSED, services.pseudonyms().of(account.id()),
                    Map.of("sessionsEnded", Integer.toString(ended))));
            return Outcome.done(Profile.of(AccountRecords.toVersioned(written.stored()).account(), services.policy(), now));
        }
        return Outcome.refused(Problem.of(ProblemType.CONFLICT, "The account changed while it was being closed; try again."));
    }
}
