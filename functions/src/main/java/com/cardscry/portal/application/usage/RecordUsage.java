package com.cardscry.portal.application.usage;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /gateway/usage}: the gateway reports the requests it served, as events of key id, time
 * and status, and they are folded into hourly buckets per subscription (docs/usage.md).
 *
 * <p>What callers may rely on:
 * <ul>
 *   <li>The batch is checked whole before anything is written: one invalid event refuses it with a
 *       400 naming the event and field ({@code /events/3/timestamp}), and nothing is counted.</li>
 *   <li>An event of a key id that names no key is counted as {@code rejected}, not an error.</li>
 *   <li>With a {@code batchId}, the batch is counted once in every bucket however often it is
 *       delivered, as long as fewer than {@value UsageBucket#REMEMBERED_BATCHES} other batches reached
 *       that bucket in between; so after a 409 or 5xx the gateway sends the same batch again. Without
 *       one, a repeated batch is counted again.</li>
 *   <li>The {@link UsageListener} hears of each bucket change written, with the requests it added.</li>
 *   <li>Each key used gets its last day of use, to the day; this instance writes it at most once per
 *       key and day, and only forward in time. It is best effort: a key record that keeps changing
 *       is left for the next batch.</li>
 * </ul>
 */
public final class RecordUsage {

    /** The most events one batch may carry. */
    public static final int MAX_EVENTS = 1000;
    /** How far ahead of the portal's clock an event may be (clocks differ); later is refused. */
    public static final Duration MAX_AHEAD = Duration.ofHours(1);

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** How many keys' last day of use this instance remembers having written. */
    private static final int REMEMBERED_KEYS = 100_000;

    /** One request the gateway served: with which key, when (ISO 8601), and the status it answered. */
    public record Event(String keyId, String timestamp, int status) {
    }

    /** What the gateway sends: up to {@value #MAX_EVENTS} events, and optionally an id that makes a retry safe. */
    public record Command(Optional<String> batchId, List<Event> events) {
    }

    /**
     * What became of the batch.
     *
     * @param accepted    events of known keys: counted now, or already counted by an earlier delivery
     *                    of the same batch
     * @param rejected    events whose key id names no key; not counted
     * @param unknownKeys how many distinct key ids named no key
     */
    public record Recorded(int accepted, int rejected, int unknownKeys) {
    }

    /** An event that passed the checks. */
    private record Checked(String keyId, Instant at, int status) {
    }

    /** The bucket events fold into: a subscription's hour, in its owner's partition. */
    private record BucketKey(String accountId, String subscriptionId, Instant hour) {
    }

    private final KeyOwners owners;
    private final UsageRecords usage;
    private final KeyRecords keys;
    private final UsageListener listener;
    private final Clock clock;
    private final BoundedCache<String, LocalDate> lastUseWritten = new BoundedCache<>(REMEMBERED_KEYS);

    public RecordUsage(KeyOwners owners, UsageRecords usage, KeyRecords keys, UsageListener listener, Clock clock) {
        this.owners = Objects.requireNonNull(owners, "owners");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome<Recorded> handle(Command command) {
        return check(command).then(events -> record(events, command.batchId()));
    }

    private Outcome<Recorded> record(List<Checked> events, Optional<String> batchId) {
        Map<BucketKey, UsageCounts> buckets = new LinkedHashMap<>();
        Map<String, KeyRecords.Owner> lastUseOwners = new LinkedHashMap<>();
        Map<String, LocalDate> lastUse = new LinkedHashMap<>();
        Set<String> unknown = new HashSet<>();
        int rejected = 0;
        for (Checked event : events) {
            Optional<KeyRecords.Owner> owner = unknown.contains(event.keyId()) ? Optional.empty() : owners.of(event.keyId());
            if (owner.isEmpty()) {
                unknown.add(event.keyId());
                rejected++;
                continue;
            }
            BucketKey bucket = new BucketKey(owner.get().accountId(), owner.get().subscriptionId(), UsageBucket.hourOf(event.at()));
            buckets.merge(bucket, UsageCounts.ofOne(event.status()), UsageCounts::plus);
            lastUseOwners.put(event.keyId(), owner.get());
            lastUse.merge(event.keyId(), LocalDate.ofInstant(event.at(), ZoneOffset.UTC), (a, b) -> a.isAfter(b) ? a : b);
        }
        for (Map.Entry<BucketKey, UsageCounts> bucket : buckets.entrySet()) {
            Outcome<Boolean> added = addTo(bucket.getKey(), bucket.getValue(), batchId);
            if (added instanceof Outcome.Refused<Boolean> refused) {
                return Outcome.refused(refused.problem());
            }
        }
        lastUse.forEach((keyId, day) -> markUsed(lastUseOwners.get(keyId), day));
        return Outcome.done(new Recorded(events.size() - rejected, rejected, unknown.size()));
    }

    /** Adds the counts to the bucket, making it if need be; {@code false} when the batch was in it already. */
    private Outcome<Boolean> addTo(BucketKey key, UsageCounts counts, Optional<String> batchId) {
        Optional<UsageRecords.Versioned> found = usage.read(key.accountId(), key.subscriptionId(), key.hour());
        if (found.isEmpty()) {
            WriteResult created = usage.create(key.accountId(), UsageBucket.empty(key.subscriptionId(), key.hour()).add(counts, batchId));
            if (created.isWritten()) {
                listener.requestsRecorded(key.subscriptionId(), key.hour(), counts.requests());
                return Outcome.done(true);
            }
            // Another delivery made it first: add to what it wrote.
            found = usage.read(key.accountId(), key.subscriptionId(), key.hour());
            if (found.isEmpty()) {
                return Outcome.refused(busy());
            }
        }
        return usage.update(found.get(), current -> batchId.filter(current.bucket()::hasApplied).isPresent()
                ? OptimisticUpdate.Change.answer(Outcome.done(false))
                : OptimisticUpdate.Change.write(current.bucket().add(counts, batchId), stored -> {
                    listener.requestsRecorded(key.subscriptionId(), key.hour(), counts.requests());
                    return Outcome.done(true);
                }), busy());
    }

    /** Records that the key was used on {@code day}, unless this instance already did (or a later day). */
    private void markUsed(KeyRecords.Owner owner, LocalDate day) {
        if (lastUseWritten.get(owner.keyId()).filter(written -> !written.isBefore(day)).isPresent()) {
            return;
        }
        Optional<KeyRecords.Versioned> found = keys.read(owner.accountId(), owner.keyId());
        if (found.isEmpty()) {
            return;
        }
        Outcome<LocalDate> recorded = keys.update(found.get(), current -> current.key().isNewUseOn(day)
                ? OptimisticUpdate.Change.write(current.key().usedOn(day), stored -> Outcome.done(day))
                : OptimisticUpdate.Change.answer(Outcome.done(current.key().lastUsedOn().orElseThrow())), busy());
        if (recorded instanceof Outcome.Done<LocalDate> stored) {
            lastUseWritten.put(owner.keyId(), stored.value());
        }
    }

    private static Problem busy() {
        return Problem.of(ProblemType.CONFLICT, "Usage of this subscription is being recorded concurrently; send the same batch again.");
    }

    /** The events as checked values, or the problem with the first invalid one. */
    private Outcome<List<Checked>> check(Command command) {
        if (command.batchId().isPresent() && !BATCH_ID.matcher(command.batchId().get()).matches()) {
            return invalid("/batchId", "The batch id is 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        List<Event> events = command.events();
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            return invalid("/events", "A batch holds 1 to " + MAX_EVENTS + " events.");
        }
        Instant now = clock.now();
        Instant latest = now.plus(MAX_AHEAD);
        Instant earliest = now.minus(UsageBucket.RETENTION);
        List<Checked> checked = new ArrayList<>(events.size());
        for (int index = 0; index < events.size(); index++) {
            Event event = events.get(index);
            String at = "/events/" + index;
            if (event == null) {
                return invalid(at, "An event is an object {keyId, timestamp, status}.");
            }
            if (!KEY_ID.matcher(event.keyId()).matches()) {
                return invalid(at + "/keyId", "A key id is 1 to 64 letters, digits or '-'.");
            }
            Optional<Instant> timestamp = instant(event.timestamp());
            if (timestamp.isEmpty() || timestamp.get().isAfter(latest) || timestamp.get().isBefore(earliest)) {
                return invalid(at + "/timestamp", "The timestamp is an ISO 8601 instant with offset (2026-11-29T07:15:00Z), at most "
                        + MAX_AHEAD.toHours() + " hour ahead of the portal's clock and at most " + UsageBucket.RETENTION.toDays()
                        + " days old.");
            }
            if (event.status() < 100 || event.status() > 599) {
                return invalid(at + "/status", "The status is an HTTP status code, 100 to 599.");
            }
            checked.add(new Checked(event.keyId(), timestamp.get(), event.status()));
        }
        return Outcome.done(checked);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
    }

    private static <T> Outcome<T> invalid(String field, String detail) {
        return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, field, detail));
    }
}
