package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code POST /admin/accounts/{id}/block} and {@code .../unblock}: an administrator stops or restarts an
 * account, giving a reason. Blocking ends every session of the account at once. Both are idempotent:
 * blocking a blocked account updates the reason, unblocking an account that is not blocked changes
 * nothing. The reason is kept on the account (its owner may see it, and it is erased with the account);
 * the pseudonymous audit trail records only that it happened and who did it.
 */
public final class ModerateAccount {

    /** What the administrator sends. */
    public record Command(String reason) {
    }

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final AccountServices services;

    public ModerateAccount(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Profile> block(Caller admin, String accountId, Command command) {
        return moderate(admin, accountId, command, true);
    }

    public Outcome<Profile> unblock(Caller admin, String accountId, Command command) {
        return moderate(admin, accountId, command, false);
    }

    private Outcome<Profile> moderate(Caller admin, String accountId, Command command, boolean block) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        String reason = command.reason() == null ? "" : command.reason().strip();
        if (reason.isEmpty() || reason.length() > Account.MAX_MODERATION_REASON_LENGTH) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/reason",
                    "Give a reason of 1 to " + Account.MAX_MODERATION_REASON_LENGTH + " characters."));
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            return notFound();
        }
        Optional<AccountRecords.Versioned> found = services.accounts().read(accountId);
        if (found.isEmpty()) {
            return notFound();
        }
        return services.accounts().update(found.get(), current -> {
            Account account = current.account();
            Instant now = services.clock().now();
            if (account.state() == AccountState.CLOSING || account.state() == AccountState.CLOSED) {
                return OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.CONFLICT,
                        "The account is being closed; it can be neither blocked nor unblocked.")));
            }
            if (!block && account.state() != AccountState.BLOCKED) {
                return OptimisticUpdate.Change.answer(Outcome.done(Profile.of(account, services.policy(), now)));
            }
            Account next = block ? account.blocked(reason, now) : account.unblocked(reason, now);
            return OptimisticUpdate.Change.write(next, stored -> {
                Map<String, String> details = new TreeMap<>(Map.of("previousState", account.state().code()));
                if (block) {
                    details.put("sessionsEnded", Integer.toString(services.sessions().deleteAll(accountId)));
                }
                services.audit().record(AuditEntry.byAdmin(now, block ? AuditAction.ACCOUNT_BLOCKED : AuditAction.ACCOUNT_UNBLOCKED,
                        services.pseudonyms().of(accountId), actorPseudonym(admin), details));
                return Outcome.done(Profile.of(stored.account(), services.policy(), now));
            });
        }, Problem.of(ProblemType.NOT_FOUND, "No such account."));
    }

    /** The admin's own account's pseudonym, or, for an admin without an account, their identity's. */
    private String actorPseudonym(Caller admin) {
        return services.pseudonyms().of(admin.actorKey());
    }

    private static Outcome<Profile> notFound() {
        return Outcome.refused(Problem.of(ProblemType.NOT_FOUND, "No such account."));
    }
}
