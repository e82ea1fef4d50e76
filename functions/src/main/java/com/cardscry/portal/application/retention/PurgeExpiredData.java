package com.cardscry.portal.application.retention;

import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The retention purge: removes what the retention schedule says is over and no document ttl removes.
 * Today that is
 * <ul>
 *   <li>{@link RetentionCategory#UNVERIFIED_SIGN_UPS}: a pending account never verified, with its
 *       identity entry and its sign-up index entry, once its period after sign-up is over. Found day
 *       by day through the sign-up index ({@link AccountRecords#signUpsOn}); a day is finished when its
 *       partition holds nothing due, and the continuation ({@link RetentionRuns}) then moves past it;</li>
 *   <li>{@link RetentionCategory#USAGE_DAILY}: the hourly buckets of a day are summed up into daily
 *       aggregates a day before the first of them expires ({@link UsageRecords#rollUp}), found day by
 *       day through {@code usage-days};</li>
 *   <li>{@link RetentionCategory#EXPORTS}: export files written longer ago than their period;</li>
 *   <li>{@link RetentionCategory#NOTIFICATIONS}: notifications the notifier keeps itself (the local
 *       outbox) written longer ago than their period ({@link Notifier#deleteWrittenBefore}).</li>
 * </ul>
 *
 * <p>A sign-up whose account is under a legal hold ({@link LegalHolds}) is kept and counted as
 * {@link PurgeReport#HELD}; its index entry moves to the day after the cutoff's, so the purge looks at
 * it again the next day (a few reads a day per held sign-up) and removes it once the hold has ended or
 * was lifted. Each run also does the day's work of {@link LegalHoldSweep}: held accounts' records keep
 * no ttl while held, and get it back (and a held erasure is finished) when the hold ends.
 *
 * <p>A run stops after {@link Limits#maxItems()} records looked at or {@link Limits#maxDuration()}
 * by the clock, whichever comes first, and the next run resumes: what a run has dealt with is gone
 * from the index, and the continuation remembers the days that are finished. Every delete is
 * idempotent and a pending account is deleted only if it is still the version read, so a run racing
 * another (or a verification) removes nothing twice, never removes an account just verified, and
 * counts each removal once. The report goes to the audit trail and to {@link RetentionRuns}.
 */
public final class PurgeExpiredData {

    /**
     * How much one run may do.
     *
     * @param maxItems    records looked at, at least 1
     * @param maxDuration time by the clock, positive; a run checks it before each record
     */
    public record Limits(int maxItems, Duration maxDuration) {
        /** What the timer uses: well inside the Functions timeout, small enough for an hourly run's RU budget. */
        public static final Limits STANDARD = new Limits(1_000, Duration.ofSeconds(20));

        public Limits {
            Objects.requireNonNull(maxDuration, "maxDuration");
            if (maxItems < 1 || maxDuration.isNegative() || maxDuration.isZero()) {
                throw new IllegalArgumentException("a run may do at least one item in a positive time");
            }
        }
    }

    /**
     * Days before the cutoff the very first run starts from. The sign-up index began with this purge, so
     * nothing is older; the margin covers a purge that was switched off for a while after deployment.
     */
    static final int FIRST_RUN_LOOKBACK_DAYS = 30;
    /** The account the audit entries of the purge are about: the system's, not a person's. */
    static final String AUDIT_SUBJECT = "system:retention-purge";
    /** How long before a day's first hourly buckets expire the purge rolls the day up: a day, so hourly runs have 24 tries. */
    static final Duration ROLL_UP_AHEAD = Duration.ofDays(1);
    private static final int BATCH = 100;

    private final AccountRecords accounts;
    private final UsageRecords usage;
    private final ExportStore exports;
    private final Notifier notifier;
    private final LegalHolds holds;
    private final LegalHoldSweep holdSweep;
    private final RetentionRuns runs;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final RetentionSchedule retention;
    private final Clock clock;
    private final Limits limits;

    public PurgeExpiredData(AccountRecords accounts, UsageRecords usage, ExportStore exports, Notifier notifier, LegalHolds holds,
                            LegalHoldSweep holdSweep,
                            RetentionRuns runs, AuditLog audit, Pseudonyms pseudonyms, RetentionSchedule retention, Clock clock, Limits limits) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.holds = Objects.requireNonNull(holds, "holds");
        this.holdSweep = Objects.requireNonNull(holdSweep, "holdSweep");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * One bounded run. A timer that fired late ({@code pastDue}) runs the same: the cutoffs are counted
     * from now, so nothing is removed early, and the report says it was late.
     */
    public PurgeReport run(boolean pastDue) {
        Instant startedAt = clock.now();
        PurgeRun run = new PurgeRun(startedAt, limits, clock);
        // The roll-up first: what it misses expires for good; then the holds, before anything is deleted. Each part
        // gets what budget is left, and one that stopped at records being changed does not keep the others from running.
        boolean complete = rollUpUsage(run) & holdSweep.sweep(run) & purgeUnverifiedSignUps(run) & purgeExports(run)
                & purgeNotifications(run);
        PurgeReport report = new PurgeReport(RetentionRuns.newReportId(startedAt), startedAt, clock.now(), pastDue, complete,
                run.removed());
        runs.save(report, retention.ttlSeconds(RetentionCategory.AUDIT_TRAIL));
        audit.record(AuditEntry.bySubject(report.finishedAt(), AuditAction.RETENTION_PURGE_RUN, pseudonyms.of(AUDIT_SUBJECT),
                auditDetails(report)));
        return report;
    }

    /** @return whether every due sign-up was dealt with */
    private boolean purgeUnverifiedSignUps(PurgeRun run) {
        Instant cutoff = run.startedAt().minus(retention.period(RetentionCategory.UNVERIFIED_SIGN_UPS));
        LocalDate cutoffDay = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        // Every sign-up of a day before the cutoff's is due; of the cutoff's own day only those up to the cutoff.
        return finishDays(RetentionRuns.Lane.SIGN_UPS, cutoffDay.minusDays(1), day -> finishSignUpsOn(day, cutoff, run))
                && finishSignUpsOn(cutoffDay, cutoff, run);
    }

    /**
     * Rolls up the hourly buckets of each day whose buckets start expiring within {@link #ROLL_UP_AHEAD}:
     * as late as possible, so the aggregate holds (nearly) every event the gateway could still report.
     *
     * @return whether every day due was rolled up
     */
    private boolean rollUpUsage(PurgeRun run) {
        Instant firstExpiryDue = run.startedAt().plus(ROLL_UP_AHEAD);
        // A day's first buckets expire the hourly period after its first hour ends.
        LocalDate lastDay = LocalDate.ofInstant(firstExpiryDue.minus(retention.period(RetentionCategory.USAGE_HOURLY))
                .minus(Duration.ofHours(1)), ZoneOffset.UTC);
        return finishDays(RetentionRuns.Lane.USAGE_ROLL_UP, lastDay, day -> rollUpDay(day, run));
    }

    /** @return whether the day has no subscription left to roll up */
    private boolean rollUpDay(LocalDate day, PurgeRun run) {
        while (run.mayContinue()) {
            List<UsageRecords.UsageDay> due = usage.usageOn(day, Math.min(BATCH, run.itemsLeft()));
            if (due.isEmpty()) {
                return true;
            }
            List<UsageRecords.UsageDay> rolledUp = new ArrayList<>();
            for (UsageRecords.UsageDay subscriptionDay : due) {
                if (!run.mayContinue()) {
                    break;
                }
                run.itemLookedAt();
                usage.rollUp(subscriptionDay);
                rolledUp.add(subscriptionDay);
            }
            // Their index entries go in one write; a crash before it has the next run roll them up again (the same sums).
            int finished = usage.finishRollUps(day, rolledUp);
            for (int i = 0; i < finished; i++) {
                run.count(RetentionCategory.USAGE_DAILY.id());
            }
            if (rolledUp.size() < due.size()) {
                return false;
            }
        }
        return false;
    }

    /**
     * Walks a lane's days from its continuation up to {@code lastDay}, moving the continuation past each
     * day finished, and stops at the first day not finished.
     *
     * @return whether every day up to {@code lastDay} is finished
     */
    private boolean finishDays(RetentionRuns.Lane lane, LocalDate lastDay, Predicate<LocalDate> finishDay) {
        LocalDate day = runs.day(lane).orElse(lastDay.minusDays(FIRST_RUN_LOOKBACK_DAYS));
        for (; !day.isAfter(lastDay); day = day.plusDays(1)) {
            if (!finishDay.test(day)) {
                return false;
            }
            runs.advance(lane, day.plusDays(1));
        }
        return true;
    }

    /** @return whether the day holds no sign-up begun at or before the cutoff any more */
    private boolean finishSignUpsOn(LocalDate day, Instant cutoff, PurgeRun run) {
        while (run.mayContinue()) {
            List<AccountRecords.SignUpEntry> due = accounts.signUpsOn(day, cutoff, Math.min(BATCH, run.itemsLeft()));
            if (due.isEmpty()) {
                return true;
            }
            boolean allDealtWith = true;
            List<AccountRecords.SignUpEntry> purged = new ArrayList<>();
            for (AccountRecords.SignUpEntry entry : due) {
                if (!run.mayContinue()) {
                    allDealtWith = false;
                    break;
                }
                run.itemLookedAt();
                // The index compares whole seconds: one begun later within the cutoff's second is not due yet.
                allDealtWith &= !entry.signedUpAt().isAfter(cutoff) && purgeSignUp(entry, run, purged);
            }
            // The entries of purged sign-ups go in one write; a crash before it leaves them to the next run, which
            // finds their accounts gone and removes them as orphaned.
            accounts.unindexSignUps(day, purged);
            if (!allDealtWith) {
                // Left for the next run; asking again now would only read the same entries.
                return false;
            }
        }
        return false;
    }

    /**
     * Deals with one sign-up whose period is over.
     *
     * @param purged where a purged sign-up's index entry goes, for the caller to remove with the others
     * @return false when it is left for the next run (the account changed while being looked at)
     */
    private boolean purgeSignUp(AccountRecords.SignUpEntry entry, PurgeRun run, List<AccountRecords.SignUpEntry> purged) {
        if (run.heldAccounts(holds::heldAccountIds).contains(entry.accountId())) {
            // Into the partition that will be the cutoff's day tomorrow: looked at daily, so a lifted hold counts within a day.
            LocalDate cutoffDay = LocalDate.ofInstant(run.startedAt().minus(retention.period(RetentionCategory.UNVERIFIED_SIGN_UPS)),
                    ZoneOffset.UTC);
            accounts.moveSignUp(entry, cutoffDay.plusDays(1));
            run.count(PurgeReport.HELD);
            return true;
        }
        Optional<AccountRecords.Versioned> found = accounts.read(entry.accountId());
        if (found.isPresent() && isPurgeable(found.get().account(), entry)) {
            WriteResult deleted = accounts.deleteIfUnchanged(found.get());
            if (deleted.status() == WriteResult.Status.CONFLICT) {
                return false;
            }
            if (deleted.status() == WriteResult.Status.DELETED) {
                run.count(RetentionCategory.UNVERIFIED_SIGN_UPS.id());
            }
            accounts.unbindIdentity(entry.tenantId(), entry.objectId(), entry.accountId());
            purged.add(entry);
            return true;
        }
        if (found.isEmpty()) {
            // A sign-up that never wrote its account (or another run removed it): its identity entry goes too.
            accounts.unbindIdentity(entry.tenantId(), entry.objectId(), entry.accountId());
        }
        if (accounts.unindexSignUp(entry)) {
            run.count(PurgeReport.ORPHANED_INDEX_ENTRIES);
        }
        return true;
    }

    /**
     * A pending account of this very sign-up whose address was never verified. Not one verified meanwhile,
     * not a later sign-up of the same identity (it has its own entry), not one being erased (its erasure
     * removes it).
     */
    private static boolean isPurgeable(Account account, AccountRecords.SignUpEntry entry) {
        return !account.emailVerified() && account.createdAt().equals(entry.signedUpAt())
                && account.state() != AccountState.CLOSING && account.state() != AccountState.CLOSED;
    }

    /** @return whether every due export was removed */
    private boolean purgeExports(PurgeRun run) {
        Instant cutoff = run.startedAt().minus(retention.period(RetentionCategory.EXPORTS));
        while (run.mayContinue()) {
            // As many as the run may still look at: an export store may read every file's details per listing.
            List<ExportStore.ExportInfo> due = exports.listCreatedBefore(cutoff, run.itemsLeft());
            if (due.isEmpty()) {
                return true;
            }
            for (ExportStore.ExportInfo export : due) {
                if (!run.mayContinue()) {
                    return false;
                }
                run.itemLookedAt();
                if (exports.delete(export.name())) {
                    run.count(RetentionCategory.EXPORTS.id());
                }
            }
        }
        return false;
    }

    /** @return whether every due notification was removed */
    private boolean purgeNotifications(PurgeRun run) {
        Instant cutoff = run.startedAt().minus(retention.period(RetentionCategory.NOTIFICATIONS));
        while (run.mayContinue()) {
            // As many as the run may still look at: the local outbox lists its folder per call.
            int batch = run.itemsLeft();
            int deleted = notifier.deleteWrittenBefore(cutoff, batch);
            for (int i = 0; i < deleted; i++) {
                run.itemLookedAt();
                run.count(RetentionCategory.NOTIFICATIONS.id());
            }
            if (deleted < batch) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> auditDetails(PurgeReport report) {
        Map<String, String> details = new LinkedHashMap<>();
        report.removed().forEach((kind, count) -> details.put(camelCase(kind), Long.toString(count)));
        details.put("complete", Boolean.toString(report.complete()));
        details.put("pastDue", Boolean.toString(report.pastDue()));
        return details;
    }

    /** Audit detail keys are letters and digits: {@code unverified-sign-ups} becomes {@code unverifiedSignUps}. */
    private static String camelCase(String id) {
        StringBuilder key = new StringBuilder();
        boolean upper = false;
        for (char c : id.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                key.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return key.toString();
    }
}
