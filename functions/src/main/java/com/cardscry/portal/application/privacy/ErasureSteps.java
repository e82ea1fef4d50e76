package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.SessionRecords;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.PhysicalErasure;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.subscriptions.CancelSubscription;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of a deletion request (GDPR Art. 17), in the order {@link PrivacyRequestType#DELETION}
 * runs them. Each is idempotent: it acts on what is still there, so doing it again finds nothing left
 * to do and repeats no audit entry, cancellation or notification.
 *
 * <ol>
 *   <li>{@code stop-keys}: the account is marked closing (so no new key, session or subscription can
 *       be made), then every key is revoked and its key-index entry deleted, so the gateway refuses it
 *       at once through this instance and within its 30 s cache time through any other;</li>
 *   <li>{@code end-sessions}: every session is deleted (a session is its record), so no cookie works;</li>
 *   <li>{@code cancel-subscriptions}: every open subscription is cancelled through the transition table,
 *       with its audit entry and the release of its plan slot;</li>
 *   <li>{@code delete-key-metadata}: key records, key-index and key-owner entries;</li>
 *   <li>{@code delete-usage}: the account's usage buckets;</li>
 *   <li>{@code delete-sessions}: sessions again, for one started by a request already in flight when the
 *       account was marked closing;</li>
 *   <li>{@code delete-exports}: the exports of the account's earlier access requests;</li>
 *   <li>{@code pseudonymise-records}: what is kept loses what could name the person. Subscriptions are
 *       billing records and stay where they are: they hold plan, state and dates under the account's
 *       random id, never a name or an address, and once the account is gone nothing links that id to
 *       anyone; the free-text reason an administrator may have written on one (a rejection's, say) is
 *       removed. Privacy requests are kept as proof they were answered, without the requester's own
 *       words (notes, a correction's values). Audit entries are under a pseudonym already;</li>
 *   <li>{@code delete-indexes}: a pointer for the requester to find the receipt
 *       ({@link ErasedIdentities}), then the identity index and the email blind-index entries;</li>
 *   <li>{@code delete-profile}: notifications kept for the address (the local outbox) and the account
 *       document; then storage that keeps old versions is rewritten ({@link PhysicalErasure}).</li>
 * </ol>
 *
 * <p>While a legal hold on the account holds ({@link ErasureHolds}), the steps that would destroy what
 * the hold keeps ({@link #HELD_STEPS}: key metadata, usage, the requester's words and administrators'
 * reasons, the indexes, the profile) are passed over and recorded as held until the hold's last day;
 * the others still run, so keys, sessions and subscriptions stop all the same and the account stays
 * closing (nothing new can be made with it). The receipt says what was held and until when; the hold
 * files a deletion request of its own when it ends, which finishes the erasure.
 */
public final class ErasureSteps {

    /** The steps a legal hold keeps from running: each would destroy data the hold keeps for legal claims. */
    static final Set<PrivacyStep> HELD_STEPS = Set.copyOf(EnumSet.of(PrivacyStep.DELETE_KEY_METADATA, PrivacyStep.DELETE_USAGE,
            PrivacyStep.PSEUDONYMISE_RECORDS, PrivacyStep.DELETE_INDEXES, PrivacyStep.DELETE_PROFILE));

    private static final int PAGE = 1000;
    /** What an update answers when the record is gone meanwhile: for an erasure, nothing left to do. */
    private static final Problem GONE = Problem.of(ProblemType.NOT_FOUND, "The record is gone.");

    private final AccountRecords accounts;
    private final SessionRecords sessions;
    private final SubscriptionRecords subscriptions;
    private final CancelSubscription cancelSubscription;
    private final KeyRecords keys;
    private final PrivacyRequestRecords requests;
    private final ErasedIdentities erasedIdentities;
    private final DocumentStore store;
    private final ExportStore exports;
    private final PhysicalErasure physicalErasure;
    private final ErasureHolds holds;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    public ErasureSteps(AccountRecords accounts, SessionRecords sessions, SubscriptionRecords subscriptions,
                        CancelSubscription cancelSubscription, KeyRecords keys, PrivacyRequestRecords requests,
                        ErasedIdentities erasedIdentities, DocumentStore store, ExportStore exports, PhysicalErasure physicalErasure,
                        ErasureHolds holds, AuditLog audit, Pseudonyms pseudonyms, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.cancelSubscription = Objects.requireNonNull(cancelSubscription, "cancelSubscription");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.erasedIdentities = Objects.requireNonNull(erasedIdentities, "erasedIdentities");
        this.store = Objects.requireNonNull(store, "store");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.physicalErasure = Objects.requireNonNull(physicalErasure, "physicalErasure");
        this.holds = Objects.requireNonNull(holds, "holds");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A handler for each step of a deletion. */
    public Map<PrivacyStep, PrivacyStepHandler> handlers() {
        Map<PrivacyStep, PrivacyStepHandler> handlers = new EnumMap<>(PrivacyStep.class);
        handlers.put(PrivacyStep.STOP_KEYS, request -> done(() -> stopKeys(request.accountId())));
        handlers.put(PrivacyStep.END_SESSIONS, request -> done(() -> sessions.deleteAll(request.accountId())));
        handlers.put(PrivacyStep.CANCEL_SUBSCRIPTIONS, request -> done(() -> cancelSubscriptions(request.accountId())));
        handlers.put(PrivacyStep.DELETE_KEY_METADATA, request -> done(() -> deleteKeyMetadata(request.accountId())));
        handlers.put(PrivacyStep.DELETE_USAGE, request -> done(() -> deleteUsage(request.accountId())));
        handlers.put(PrivacyStep.DELETE_SESSIONS, request -> done(() -> sessions.deleteAll(request.accountId())));
        handlers.put(PrivacyStep.DELETE_EXPORTS, request -> done(() -> deleteExports(request.accountId())));
        handlers.put(PrivacyStep.PSEUDONYMISE_RECORDS, request -> done(() -> {
            eraseRequesterText(request.accountId());
            eraseSubscriptionReasons(request.accountId());
        }));
        handlers.put(PrivacyStep.DELETE_INDEXES, request -> done(() -> deleteIndexes(request)));
        handlers.put(PrivacyStep.DELETE_PROFILE, request -> done(() -> deleteProfile(request.accountId())));
        for (PrivacyStep held : HELD_STEPS) {
            PrivacyStepHandler erase = handlers.get(held);
            handlers.put(held, request -> unlessHeld(request, erase));
        }
        return handlers;
    }

    /** The step, unless a legal hold on the account holds now: then it is passed over until the hold's last day. */
    private PrivacyStepHandler.Result unlessHeld(PrivacyRequest request, PrivacyStepHandler erase) {
        Optional<LocalDate> heldUntil = holds.holdErasure(request.accountId(), request.id());
        return heldUntil.<PrivacyStepHandler.Result>map(PrivacyStepHandler.Held::new).orElseGet(() -> erase.carryOut(request));
    }

    /**
     * Accepts an update that was made, found nothing to do, or found the record gone (nothing left to
     * erase); one that kept conflicting fails the step, so the delivery is retried.
     */
    private static void finished(Outcome<?> update) {
        if (update instanceof Outcome.Refused<?> refused && refused.problem() != GONE) {
            throw new IllegalStateException("a record kept changing during the erasure: " + refused.problem().type());
        }
    }

    private static PrivacyStepHandler.Result done(Runnable step) {
        step.run();
        return PrivacyStepHandler.done();
    }

    private void stopKeys(String accountId) {
        accounts.read(accountId).ifPresent(found -> finished(accounts.update(found, current -> {
            Account account = current.account();
            boolean usable = account.state() == AccountState.PENDING || account.state() == AccountState.ACTIVE;
            return usable ? OptimisticUpdate.Change.write(account.closing(clock.now()), stored -> Outcome.done(stored))
                    : OptimisticUpdate.Change.answer(Outcome.done(current));
        }, GONE)));
        for (SubscriptionKey key : keys.ofAccount(accountId)) {
            revoke(key);
            keys.removeIndex(key.keyHash());
        }
    }

    /** Revokes the key record, with its audit entry, unless it is revoked already. */
    private void revoke(SubscriptionKey key) {
        keys.read(key.accountId(), key.id()).ifPresent(found -> finished(keys.update(found, current -> {
            if (current.key().revokedAt().isPresent()) {
                return OptimisticUpdate.Change.answer(Outcome.done(current.key()));
            }
            Instant now = clock.now();
            return OptimisticUpdate.Change.write(current.key().revoked(now), stored -> {
                audit.record(AuditEntry.bySubject(now, AuditAction.KEY_REVOKED, pseudonyms.of(key.accountId()),
                        Map.of("subscription", key.subscriptionId(), "key", key.id(), "reason", "erasure")));
                return Outcome.done(stored.key());
            });
        }, GONE)));
    }

    private void cancelSubscriptions(String accountId) {
        for (Subscription subscription : subscriptions.list(accountId)) {
            if (subscription.isOpen()) {
                Outcome<Subscription> cancelled = cancelSubscription.forErasure(accountId, subscription.id());
                if (cancelled instanceof Outcome.Refused<Subscription> refused && refused.problem().type() != ProblemType.CONFLICT) {
                    // CONFLICT: it closed otherwise meanwhile (expired, rejected); anything else is a fault to retry.
                    throw new IllegalStateException("subscription could not be cancelled: " + refused.problem().type());
                }
            }
        }
    }

    private void deleteKeyMetadata(String accountId) {
        for (SubscriptionKey key : keys.ofAccount(accountId)) {
            keys.removeIndex(key.keyHash());
            keys.removeOwner(key.id());
            keys.delete(accountId, key.id());
        }
    }

    /** Deletes the first page again and again until none is left: paging on while deleting would skip nothing, but needs no token. */
    /** Hourly buckets and daily aggregates (the roll-up writes no aggregate for a day whose buckets are gone). */
    private void deleteUsage(String accountId) {
        for (String container : List.of(UsageRecords.USAGE.name(), UsageRecords.USAGE_DAILY.name())) {
            List<StoredDocument> page;
            do {
                Page found = store.query(container, Query.partition(accountId), PAGE, Optional.empty());
                page = found.items();
                store.deleteAll(container, accountId, page.stream().map(StoredDocument::id).toList());
            } while (!page.isEmpty());
        }
    }

    private void deleteExports(String accountId) {
        for (PrivacyRequest earlier : requests.ofAccount(accountId)) {
            if (earlier.type() == PrivacyRequestType.ACCESS) {
                for (ExportNames.Format format : ExportNames.Format.values()) {
                    exports.delete(ExportNames.of(accountId, earlier.id(), format));
                }
            }
        }
    }

    private void eraseRequesterText(String accountId) {
        for (PrivacyRequest earlier : requests.ofAccount(accountId)) {
            if (earlier.hasRequesterText()) {
                requests.read(accountId, earlier.id()).ifPresent(found -> finished(requests.update(found, current ->
                        current.request().hasRequesterText()
                                ? OptimisticUpdate.Change.write(current.request().withRequesterTextErased(clock.now()),
                                        stored -> Outcome.done(stored))
                                : OptimisticUpdate.Change.answer(Outcome.done(current)),
                        GONE)));
            }
        }
    }

    /** Kept subscriptions lose the free text an administrator wrote about them (a rejection's reason, say). */
    private void eraseSubscriptionReasons(String accountId) {
        for (Subscription kept : subscriptions.list(accountId)) {
            if (kept.reason().isPresent()) {
                subscriptions.read(accountId, kept.id()).ifPresent(found -> finished(subscriptions.update(found, current ->
                        current.subscription().reason().isPresent()
                                ? OptimisticUpdate.Change.write(current.subscription().withReasonErased(clock.now()),
                                        stored -> Outcome.done(stored))
                                : OptimisticUpdate.Change.answer(Outcome.done(current)),
                        GONE)));
            }
        }
    }

    private void deleteIndexes(PrivacyRequest request) {
        accounts.read(request.accountId()).map(AccountRecords.Versioned::account).ifPresent(account -> {
            erasedIdentities.remember(account.tenantId(), account.objectId(), account.id(), request.id());
            accounts.releaseEmail(account.email(), account.id());
            account.challenge().ifPresent(open -> accounts.releaseEmail(open.email(), account.id()));
            accounts.unbindIdentity(account.tenantId(), account.objectId(), account.id());
        });
    }

    private void deleteProfile(String accountId) {
        accounts.read(accountId).map(AccountRecords.Versioned::account).ifPresent(account -> {
            physicalErasure.forgetRecipient(account.email().value());
            account.challenge().ifPresent(open -> physicalErasure.forgetRecipient(open.email().value()));
            accounts.delete(accountId);
        });
        physicalErasure.reclaimDeletedSpace();
    }
}
