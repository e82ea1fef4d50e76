package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.AllPages;
import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Privacy requests in the document store:
 * <ul>
 *   <li>{@code privacy-requests}: partitioned by account id with the rest of the account's data
 *       (DESIGN.md decision 3), so a person's list is one single-partition query; erasure keeps these
 *       (they are the proof it was done) under the retention schedule. Every write sets the ttl: an open
 *       request (received, in progress, or failed and waiting for an administrator) never expires
 *       ({@code -1}); a closed one (completed or rejected) is kept for the
 *       {@link RetentionCategory#PRIVACY_REQUESTS} period after it last changed, the time of the last
 *       event in its history: its close, or a later change such as the erasure of the requester's words,
 *       which restarts the period. A closed request never opens again;</li>
 *   <li>{@code open-privacy-requests}: one partition ({@value #OPEN_PARTITION}) with an entry per open
 *       request (account, type, status, due date as epoch seconds, whether it was enqueued), so the
 *       administrators' deadline list, the deadline watch and the re-enqueuing timer are each a
 *       single-partition query. The entry is written before the request and removed once the request
 *       is closed; one whose request never got written (a crash in between) is dropped when found.</li>
 * </ul>
 * Instants that queries compare are stored as epoch seconds: ISO-8601 text does not sort by time
 * when fractions of a second are present.
 */
public final class PrivacyRequestRecords {

    public static final ContainerSpec REQUESTS = ContainerSpec.of("privacy-requests", "accountId");
    public static final ContainerSpec OPEN = ContainerSpec.of("open-privacy-requests", "queue");
    static final String OPEN_PARTITION = "open";
    private static final int NEVER = -1;

    /** A request as read, with the ETag a conditional write of it must name. */
    public record Versioned(PrivacyRequest request, String etag) {
        public Versioned {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(etag, "etag");
        }
    }

    /** An open request as the open index lists it (as of its last {@link #reindex}). */
    public record OpenEntry(String requestId, String accountId, PrivacyRequestType type, PrivacyRequestStatus status,
                            Instant receivedAt, Instant dueAt, boolean enqueued) {
    }

    private final DocumentStore store;
    private final RetentionSchedule retention;
    private final Clock clock;
    private final OptimisticUpdate<PrivacyRequest, Versioned> updates = new OptimisticUpdate<>(
            (next, read) -> replace(next, read.etag()),
            written -> toVersioned(written.stored()),
            read -> read(read.request().accountId(), read.request().id()));

    /**
     * @param retention gives the {@link RetentionCategory#PRIVACY_REQUESTS} period a closed request is kept
     * @param clock     when a request is written (its ttl counts from then)
     */
    public PrivacyRequestRecords(DocumentStore store, RetentionSchedule retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<Versioned> read(String accountId, String requestId) {
        return store.read(REQUESTS.name(), accountId, requestId).map(PrivacyRequestRecords::toVersioned);
    }

    /** Every request about the account, newest first. */
    public List<PrivacyRequest> ofAccount(String accountId) {
        List<PrivacyRequest> all = AllPages.of(store, REQUESTS.name(), Query.partition(accountId),
                stored -> toVersioned(stored).request());
        all.sort(Comparator.comparing(PrivacyRequest::receivedAt).thenComparing(PrivacyRequest::id).reversed());
        return all;
    }

    /** Writes a new request after its open-index entry (so an open request is never missing from the index). */
    public WriteResult create(PrivacyRequest request) {
        indexOpen(request, false);
        return store.create(REQUESTS.name(), withRetention(request));
    }

    /** Replaces the request if it is still the version read ({@code CONFLICT} otherwise). */
    public WriteResult replace(PrivacyRequest request, String etag) {
        return store.replace(REQUESTS.name(), withRetention(request), etag);
    }

    /** The request's document with the ttl it is kept for when written now (see the class comment). */
    private Document withRetention(PrivacyRequest request) {
        return toDocument(request).withTtl(request.status().isOpen() ? NEVER
                : retention.ttlSeconds(RetentionCategory.PRIVACY_REQUESTS, lastChanged(request), clock.now()));
    }

    /** When the request last changed: every change adds an event to its history. */
    private static Instant lastChanged(PrivacyRequest request) {
        return request.history().stream().map(PrivacyRequest.Event::at).max(Comparator.naturalOrder())
                .orElse(request.receivedAt());
    }

    /** Changes a request with optimistic concurrency; see {@link OptimisticUpdate}. */
    public <T> Outcome<T> update(Versioned found, Function<Versioned, OptimisticUpdate.Change<PrivacyRequest, Versioned, T>> decide,
                                 Problem whenGone) {
        return updates.apply(found, decide, whenGone);
    }

    /**
     * Brings the open index in line with the request as now stored: an open request's entry is
     * (re)written with its due date and whether it was enqueued; a closed one's is removed. Harmless to
     * repeat.
     */
    public void reindex(PrivacyRequest request, boolean enqueued) {
        if (request.status().isOpen()) {
            indexOpen(request, enqueued);
        } else {
            store.delete(OPEN.name(), OPEN_PARTITION, request.id(), null);
        }
    }

    /** Whether the request still has its open-index entry (a closed one keeps it until its close is followed up). */
    public boolean isIndexedOpen(String requestId) {
        return store.read(OPEN.name(), OPEN_PARTITION, requestId).isPresent();
    }

    /**
     * Writes the open-index entry of a request about to be stored by a step that records something
     * else first (a form confirmation): if it crashes in between, the re-enqueue timer finds the entry and
     * has the request finished ({@link StrandedRequests}). Harmless to repeat.
     */
    public void reserveOpenEntry(PrivacyRequest request) {
        indexOpen(request, false);
    }

    /** Drops an open-index entry (one whose request was never written). */
    public void dropOpenEntry(String requestId) {
        store.delete(OPEN.name(), OPEN_PARTITION, requestId, null);
    }

    /**
     * The open-index entry of a request, by the request's id alone (one point read): how administrators,
     * who know a request by its id, find its account. Empty when the request is not open (or unknown).
     */
    public Optional<OpenEntry> openEntry(String requestId) {
        return store.read(OPEN.name(), OPEN_PARTITION, requestId).map(PrivacyRequestRecords::toOpenEntry);
    }

    /** Open requests due before {@code dueBefore}, soonest first; one single-partition query, paged inside. */
    public List<OpenEntry> openDueBefore(Instant dueBefore) {
        return openWhere(Query.partition(OPEN_PARTITION).where("dueAtEpochSecond", Query.Operator.LESS_THAN,
                dueBefore.getEpochSecond()));
    }

    /** Open requests never enqueued and received before {@code receivedBefore}: what the re-enqueuing timer sends. */
    public List<OpenEntry> notEnqueuedBefore(Instant receivedBefore) {
        return openWhere(Query.partition(OPEN_PARTITION).where("enqueued", Query.Operator.EQUAL, false)
                .where("receivedAtEpochSecond", Query.Operator.LESS_THAN, receivedBefore.getEpochSecond()));
    }

    private List<OpenEntry> openWhere(Query query) {
        List<OpenEntry> entries = AllPages.of(store, OPEN.name(), query, PrivacyRequestRecords::toOpenEntry);
        entries.sort(Comparator.comparing(OpenEntry::dueAt).thenComparing(OpenEntry::requestId));
        return entries;
    }

    private void indexOpen(PrivacyRequest request, boolean enqueued) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("accountId", request.accountId());
        fields.put("requestType", request.type().code());
        fields.put("status", request.status().code());
        fields.put("receivedAtEpochSecond", request.receivedAt().getEpochSecond());
        fields.put("dueAtEpochSecond", request.dueAt().getEpochSecond());
        fields.put("enqueued", enqueued);
        store.upsert(OPEN.name(), OPEN.withPartitionKeyField(Document.of(request.id(), OPEN_PARTITION, fields)));
    }

    private static OpenEntry toOpenEntry(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        return new OpenEntry(stored.id(), (String) fields.get("accountId"),
                PrivacyRequestType.fromCode((String) fields.get("requestType")).orElseThrow(),
                statusOf((String) fields.get("status")),
                Instant.ofEpochSecond(((Number) fields.get("receivedAtEpochSecond")).longValue()),
                Instant.ofEpochSecond(((Number) fields.get("dueAtEpochSecond")).longValue()),
                Boolean.TRUE.equals(fields.get("enqueued")));
    }

    static Document toDocument(PrivacyRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "privacy-request");
        fields.put("requestType", request.type().code());
        fields.put("status", request.status().code());
        fields.put("receivedAt", request.receivedAt().toString());
        fields.put("dueAt", request.dueAt().toString());
        request.extension().ifPresent(extension -> fields.put("extension", Map.of(
                "reason", extension.reason(), "grantedAt", extension.grantedAt().toString())));
        fields.put("stepsDone", (long) request.stepsDone());
        request.correction().ifPresent(correction -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            correction.displayName().ifPresent(name -> changes.put("displayName", name));
            correction.email().ifPresent(email -> changes.put("email", email.value()));
            fields.put("correction", changes);
        });
        request.note().ifPresent(note -> fields.put("note", note));
        request.outcome().ifPresent(outcome -> fields.put("outcome", outcome));
        List<Object> history = new ArrayList<>();
        for (PrivacyRequest.Event event : request.history()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", event.at().toString());
            entry.put("what", event.what());
            event.detail().ifPresent(detail -> entry.put("detail", detail));
            history.add(entry);
        }
        fields.put("history", history);
        return REQUESTS.withPartitionKeyField(Document.of(request.id(), request.accountId(), fields));
    }

    @SuppressWarnings("unchecked")
    static Versioned toVersioned(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        Optional<PrivacyRequest.Extension> extension = Optional.ofNullable((Map<String, Object>) fields.get("extension"))
                .map(map -> new PrivacyRequest.Extension((String) map.get("reason"), Instant.parse((String) map.get("grantedAt"))));
        Optional<PrivacyRequest.Correction> correction = Optional.ofNullable((Map<String, Object>) fields.get("correction"))
                .map(map -> new PrivacyRequest.Correction(Optional.ofNullable((String) map.get("displayName")),
                        Optional.ofNullable((String) map.get("email")).map(text -> EmailAddress.parse(text).orElseThrow(
                                () -> new IllegalStateException("stored correction holds an invalid email address")))));
        List<PrivacyRequest.Event> history = new ArrayList<>();
        for (Object item : (List<Object>) fields.getOrDefault("history", List.of())) {
            Map<String, Object> entry = (Map<String, Object>) item;
            history.add(new PrivacyRequest.Event(Instant.parse((String) entry.get("at")), (String) entry.get("what"),
                    Optional.ofNullable((String) entry.get("detail"))));
        }
        PrivacyRequest request = new PrivacyRequest(stored.id(), stored.document().partitionKey(),
                PrivacyRequestType.fromCode((String) fields.get("requestType")).orElseThrow(),
                statusOf((String) fields.get("status")), Instant.parse((String) fields.get("receivedAt")),
                Instant.parse((String) fields.get("dueAt")), extension, ((Number) fields.get("stepsDone")).intValue(), correction,
                Optional.ofNullable((String) fields.get("note")), Optional.ofNullable((String) fields.get("outcome")), history);
        return new Versioned(request, stored.etag());
    }

    private static PrivacyRequestStatus statusOf(String code) {
        for (PrivacyRequestStatus status : PrivacyRequestStatus.values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        throw new IllegalStateException("stored privacy request has an unknown status");
    }
}
