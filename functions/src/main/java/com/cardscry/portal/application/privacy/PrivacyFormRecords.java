package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Privacy-form submissions in the document store: container {@code privacy-form-submissions}, one
 * document per form, its id also its partition key (a form is only ever read by its id).
 *
 * <p>Every document carries its own {@code ttl}: an unconfirmed submission is gone
 * {@link #UNCONFIRMED_KEPT_FOR} after it was sent (a wrong code rewrites it with what is left of that
 * time, so guessing does not keep it alive); a confirmed one, which holds nothing but the hashes, the
 * account id and the request id, is kept the confirmed keep-time (see the constructor) after its last write, so that its
 * link works for as long as the request can run and its result be read.
 */
public final class PrivacyFormRecords {

    public static final ContainerSpec FORMS = ContainerSpec.of("privacy-form-submissions", "formId");
    public static final Duration UNCONFIRMED_KEPT_FOR = Duration.ofHours(24);
    /** A deadline extended once is at most three calendar months, 92 days, after receipt. */
    static final Duration LONGEST_DEADLINE = Duration.ofDays(92);

    /** A submission as read, with the ETag a conditional write of it must name. */
    public record Versioned(PrivacyFormSubmission submission, String etag) {
        public Versioned {
            Objects.requireNonNull(submission, "submission");
            Objects.requireNonNull(etag, "etag");
        }
    }

    private final DocumentStore store;
    private final Duration confirmedKeptFor;
    private final Clock clock;
    private final OptimisticUpdate<PrivacyFormSubmission, Versioned> updates = new OptimisticUpdate<>(
            (next, read) -> replace(next, read.etag()),
            written -> toVersioned(written.stored()),
            read -> read(read.submission().id()));

    /**
     * @param retention after the longest deadline, a confirmed submission is kept as long as the
     *                  schedule keeps the pointer that lets a signed-in requester read an erasure's receipt
     *                  ({@link RetentionCategory#ERASED_IDENTITY_POINTERS}), so both requesters have as long
     */
    public PrivacyFormRecords(DocumentStore store, RetentionSchedule retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.confirmedKeptFor = LONGEST_DEADLINE.plus(retention.period(RetentionCategory.ERASED_IDENTITY_POINTERS));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The submission, unless it is unknown or expired. */
    public Optional<Versioned> read(String formId) {
        return store.read(FORMS.name(), formId, formId).map(PrivacyFormRecords::toVersioned);
    }

    public WriteResult create(PrivacyFormSubmission submission) {
        return store.create(FORMS.name(), toDocument(submission));
    }

    /** Replaces the submission if it is still the version read ({@code CONFLICT} otherwise). */
    public WriteResult replace(PrivacyFormSubmission submission, String etag) {
        return store.replace(FORMS.name(), toDocument(submission), etag);
    }

    /** Changes a submission with optimistic concurrency; see {@link OptimisticUpdate}. */
    public <T> Outcome<T> update(Versioned found, Function<Versioned, OptimisticUpdate.Change<PrivacyFormSubmission, Versioned, T>> decide,
                                 Problem whenGone) {
        return updates.apply(found, decide, whenGone);
    }

    /** Removes a submission (one whose attempts are spent); removing a removed one is not an error. */
    public void delete(String formId) {
        store.delete(FORMS.name(), formId, formId, null);
    }

    private Document toDocument(PrivacyFormSubmission submission) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "privacy-form");
        fields.put("requestType", submission.type().code());
        submission.details().ifPresent(details -> fields.put("details", details));
        fields.put("submittedAt", submission.submittedAt().toString());
        fields.put("tokenHash", submission.tokenHash());
        fields.put("codeHash", submission.codeHash());
        fields.put("failedAttempts", (long) submission.failedAttempts());
        submission.emailIndexKey().ifPresent(key -> fields.put("emailIndexKey", key));
        submission.confirmation().ifPresent(confirmed -> {
            Map<String, Object> confirmation = new LinkedHashMap<>();
            confirmation.put("accountId", confirmed.accountId());
            confirmed.requestId().ifPresent(requestId -> confirmation.put("requestId", requestId));
            confirmation.put("confirmedAt", confirmed.confirmedAt().toString());
            fields.put("confirmation", confirmation);
        });
        return FORMS.withPartitionKeyField(Document.of(submission.id(), submission.id(), fields)).withTtl(ttlSeconds(submission));
    }

    /** What is left of the unconfirmed day (at least a second), or the confirmed keeping time. */
    private int ttlSeconds(PrivacyFormSubmission submission) {
        if (submission.isConfirmed()) {
            return Math.toIntExact(confirmedKeptFor.toSeconds());
        }
        Duration left = Duration.between(clock.now(), submission.submittedAt().plus(UNCONFIRMED_KEPT_FOR));
        return (int) Math.max(1, Math.min(left.toSeconds(), UNCONFIRMED_KEPT_FOR.toSeconds()));
    }

    @SuppressWarnings("unchecked")
    private static Versioned toVersioned(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        Optional<PrivacyFormSubmission.Confirmation> confirmation = Optional.ofNullable((Map<String, Object>) fields.get("confirmation"))
                .map(map -> new PrivacyFormSubmission.Confirmation((String) map.get("accountId"),
                        Optional.ofNullable((String) map.get("requestId")), Instant.parse((String) map.get("confirmedAt"))));
        PrivacyFormSubmission submission = new PrivacyFormSubmission(stored.id(),
                PrivacyRequestType.fromCode((String) fields.get("requestType")).orElseThrow(
                        () -> new IllegalStateException("stored privacy form has an unknown request type")),
                Optional.ofNullable((String) fields.get("details")), Instant.parse((String) fields.get("submittedAt")),
                (String) fields.get("tokenHash"), (String) fields.get("codeHash"), ((Number) fields.get("failedAttempts")).intValue(),
                Optional.ofNullable((String) fields.get("emailIndexKey")), confirmation);
        return new Versioned(submission, stored.etag());
    }
}
