package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.NotificationKind;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionExpiryNotice;
import com.cardscry.portal.domain.SubscriptionTransition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The expiry timer's work: sends the expiry notices and expires the subscriptions that the
 * {@link SubscriptionSchedule} says are due.
 *
 * <p>One run reads the days from the one after the last it finished up to today, each with
 * single-partition queries of the entries due by now, and handles each entry:
 * <ul>
 *   <li>a notice: if the subscription's own rule says this very notice is due now
 *       ({@link Subscription#dueExpiryNotice}: active or suspended, end still ahead, not sent, not passed
 *       over by a more urgent one) and the account can be written to, the owner is notified under an
 *       idempotency key of subscription and notice, and then the notice is recorded on the subscription
 *       and audited. A crash between the two sends again under the same key, which the transport
 *       delivers once;</li>
 *   <li>the expiry: the subscription goes through {@code EXPIRE} like any other change
 *       ({@link ChangeSubscription}: audited, its keys' index entries rewritten, so the gateway refuses
 *       them);</li>
 * </ul>
 * and then removes the entry. An entry whose subscription is gone or no longer in a state for it is
 * dropped. Every step may be repeated, so a run that fails part way (a fault of the store or the
 * notifier ends it with that exception) is finished by the next, and a run after another does nothing
 * new. A run handles at most {@link #MAX_ENTRIES_PER_RUN} entries and leaves
 * the rest to the next; days missed while the timer was stopped are caught up (up to
 * {@link SubscriptionSchedule#oldestKeptDay}: the {@code subscription-schedule} retention period back).
 */
public final class ExpireSubscriptions {

    public static final int MAX_ENTRIES_PER_RUN = 500;
    private static final int PAGE_SIZE = 100;

    /**
     * What a run did, in counts only (no subscription or account is named, so it can be logged).
     *
     * @param noticesSent           expiry notices handed to the notifier
     * @param subscriptionsExpired  subscriptions now expired
     * @param entriesDropped        entries with nothing (left) to do: subscription gone or closed, notice
     *                              already sent or passed over, account closed
     * @param daysRead              days whose entries were read
     * @param caughtUp              whether the run read every day up to today to its end; false when it
     *                              stopped at its limit, leaving the rest to the next run
     */
    public record Report(int noticesSent, int subscriptionsExpired, int entriesDropped, int daysRead, boolean caughtUp) {
    }

    private enum Handled { NOTICE_SENT, EXPIRED, DROPPED }

    private final SubscriptionServices services;
    private final AccountRecords accounts;
    private final Notifier notifier;
    private final ChangeSubscription change;
    private final int maxEntriesPerRun;

    public ExpireSubscriptions(SubscriptionServices services, AccountRecords accounts, Notifier notifier) {
        this(services, accounts, notifier, MAX_ENTRIES_PER_RUN);
    }

    ExpireSubscriptions(SubscriptionServices services, AccountRecords accounts, Notifier notifier, int maxEntriesPerRun) {
        this.services = Objects.requireNonNull(services, "services");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.change = new ChangeSubscription(services);
        if (maxEntriesPerRun < 1) {
            throw new IllegalArgumentException("a run handles at least one entry");
        }
        this.maxEntriesPerRun = maxEntriesPerRun;
    }

    public Report run() {
        Instant now = services.clock().now();
        LocalDate today = SubscriptionSchedule.dayOf(now);
        LocalDate oldestKept = services.schedule().oldestKeptDay(now);
        LocalDate from = services.schedule().lastDoneDay().map(done -> done.plusDays(1))
                .filter(next -> next.isAfter(oldestKept)).orElse(oldestKept);
        Tally tally = new Tally(maxEntriesPerRun);
        Optional<LocalDate> done = Optional.empty();
        LocalDate day = from;
        while (!day.isAfter(today) && tally.hasBudget() && handleDay(day, now, tally)) {
            if (day.isBefore(today)) {
                // Past days get no new entries (a new subscription's are all ahead), so this one is finished.
                done = Optional.of(day);
            }
            day = day.plusDays(1);
        }
        done.ifPresent(services.schedule()::markDone);
        return tally.report(day.isAfter(today));
    }

    /** Handles the day's due entries within the budget; answers whether none is left. */
    private boolean handleDay(LocalDate day, Instant now, Tally tally) {
        tally.daysRead++;
        Optional<String> continuation = Optional.empty();
        do {
            SubscriptionSchedule.DuePage page = services.schedule().due(day, now, Math.min(PAGE_SIZE, tally.budget), continuation);
            for (SubscriptionSchedule.Entry entry : page.entries()) {
                tally.count(handle(entry, now));
                services.schedule().remove(entry);
            }
            continuation = page.continuation();
        } while (continuation.isPresent() && tally.hasBudget());
        return continuation.isEmpty();
    }

    private Handled handle(SubscriptionSchedule.Entry entry, Instant now) {
        Optional<SubscriptionRecords.Versioned> found = services.subscriptions().read(entry.accountId(), entry.subscriptionId());
        if (found.isEmpty()) {
            return Handled.DROPPED;
        }
        return entry.notice().map(notice -> remind(found.get(), notice, now)).orElseGet(() -> expire(found.get().subscription(), now));
    }

    private Handled remind(SubscriptionRecords.Versioned found, SubscriptionExpiryNotice notice, Instant now) {
        Subscription subscription = found.subscription();
        if (!subscription.dueExpiryNotice(now).equals(Optional.of(notice))) {
            return Handled.DROPPED;
        }
        Optional<Account> owner = accounts.read(subscription.accountId()).map(AccountRecords.Versioned::account)
                .filter(ExpireSubscriptions::takesNotices);
        if (owner.isEmpty()) {
            return Handled.DROPPED;
        }
        notifier.send(new Notification(owner.get().email().value(), NotificationKind.SUBSCRIPTION_EXPIRING, Map.of(
                "planName", services.plans().find(subscription.planId()).map(Plan::name).orElse(subscription.planId()),
                "subscriptionId", subscription.id(),
                "expiresAt", subscription.expiresAt().orElseThrow().toString(),
                "daysLeft", String.valueOf(notice.days())), idempotencyKey(subscription, notice)));
        services.subscriptions().update(found, current -> current.subscription().expiryNoticesSent().contains(notice)
                ? OptimisticUpdate.Change.answer(Outcome.done(current.subscription()))
                : OptimisticUpdate.Change.write(current.subscription().withExpiryNoticeSent(notice, now), stored -> {
                    services.audit().record(AuditEntry.bySubject(now, AuditAction.SUBSCRIPTION_EXPIRY_NOTICE_SENT,
                            services.pseudonyms().of(subscription.accountId()), Map.of("subscription", subscription.id(),
                                    "plan", subscription.planId(), "daysLeft", String.valueOf(notice.days()))));
                    return Outcome.done(stored.subscription());
                }), ViewSubscriptions.notFound());
        return Handled.NOTICE_SENT;
    }

    /** Expires the subscription once its end has come; a closed one (or one never approved) is left as it is. */
    private Handled expire(Subscription subscription, Instant now) {
        if (subscription.expiresAt().filter(end -> !now.isBefore(end)).isEmpty()) {
            return Handled.DROPPED;
        }
        return change.apply(subscription.accountId(), subscription.id(), SubscriptionTransition.EXPIRE, Optional.empty(),
                Optional.empty()).fold(expired -> Handled.EXPIRED, refused -> Handled.DROPPED);
    }

    /**
     * The same notice of the same subscription always has the same key, so that sending it again after
     * a crash is recognised as a retry.
     */
    static String idempotencyKey(Subscription subscription, SubscriptionExpiryNotice notice) {
        return "subscription-expiring:" + subscription.id() + ":" + notice.days();
    }

    /** Whether the owner can be written to: an account being erased or erased is not, nor an unproved address. */
    private static boolean takesNotices(Account account) {
        return account.emailVerified() && account.state() != AccountState.CLOSING && account.state() != AccountState.CLOSED;
    }

    /** The counts of a run and what is left of its budget. */
    private static final class Tally {
        int budget;
        int daysRead;
        int noticesSent;
        int expired;
        int dropped;

        Tally(int budget) {
            this.budget = budget;
        }

        boolean hasBudget() {
            return budget > 0;
        }

        void count(Handled handled) {
            budget--;
            switch (handled) {
                case NOTICE_SENT -> noticesSent++;
                case EXPIRED -> expired++;
                case DROPPED -> dropped++;
            }
        }

        Report report(boolean caughtUp) {
            return new Report(noticesSent, expired, dropped, daysRead, caughtUp);
        }
    }
}
