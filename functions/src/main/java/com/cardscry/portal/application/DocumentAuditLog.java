package com.cardscry.portal.application;

import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The {@link AuditLog} kept in the document store: one document per entry in container
 * {@value #CONTAINER}, partitioned by subject, so one account's trail is a single-partition query.
 *
 * <p>A document's id is the entry's time in fixed-width UTC followed by 64 random bits, for example
 * {@code 20260115T100000.000000000Z-9f86d081884c7d65}; the store orders query results by id, so a
 * subject's entries list oldest first (entries of the same instant in arbitrary order) and never
 * collide. Each entry carries the ttl of the retention schedule's {@link RetentionCategory#AUDIT_TRAIL}
 * period; the container's default ttl is the shipped schedule's, for anything written without one.
 */
public final class DocumentAuditLog implements AuditLog {


    static final String CONTAINER = "audit";
    /** The container: partitioned by the subject pseudonym; by default an entry expires after the shipped audit period. */
    public static final ContainerSpec SPEC = ContainerSpec.withDefaultTtl(CONTAINER, "subject",
            RetentionSchedule.standard(Duration.ofMinutes(1), Duration.ofMinutes(1)).ttlSeconds(RetentionCategory.AUDIT_TRAIL));

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final int RANDOM_SUFFIX_BYTES = 8;
    /** A collision of 64 random bits at the same nanosecond is already absurd; three is plenty. */
    private static final int CREATE_ATTEMPTS = 3;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final HexFormat HEX = HexFormat.of();

    private final DocumentStore store;
    private final SecureRandom random;
    private final int ttlSeconds;

    /**
     * @param store     a store that serves {@link #SPEC} (it is in {@code Containers.ALL})
     * @param random    the source of the id suffixes
     * @param retention how long an entry is kept after it was written ({@link RetentionCategory#AUDIT_TRAIL})
     */
    public DocumentAuditLog(DocumentStore store, SecureRandom random, RetentionSchedule retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
        this.ttlSeconds = retention.ttlSeconds(RetentionCategory.AUDIT_TRAIL);
    }

    @Override
    public void record(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", entry.at().toString());
        fields.put("action", entry.action().code());
        entry.actor().ifPresent(actor -> fields.put("actor", actor));
        fields.put("details", entry.details());
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            WriteResult result = store.create(CONTAINER, Document.of(newId(entry.at()), entry.subject(), fields).withTtl(ttlSeconds));
            if (result.isWritten()) {
                return;
            }
        }
        throw new IllegalStateException("could not find a free audit entry id in " + CREATE_ATTEMPTS + " attempts");
    }

    /**
     * The subject's first {@code limit} entries that have not expired, oldest first. Reads one
     * partition, page by page.
     *
     * @param subject a pseudonym
     * @param limit   at least 1
     */
    public List<AuditEntry> entriesFor(String subject, int limit) {
        if (!AuditEntry.isPseudonymShaped(subject)) {
            throw new IllegalArgumentException("subject must be a pseudonym (22 characters of Base64url)");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        List<AuditEntry> entries = new ArrayList<>();
        Optional<String> continuation = Optional.empty();
        do {
            int pageSize = Math.min(limit - entries.size(), MAX_PAGE_SIZE);
            Page page = store.query(CONTAINER, Query.partition(subject), pageSize, continuation);
            page.items().forEach(stored -> entries.add(toEntry(stored)));
            continuation = page.continuation();
        } while (continuation.isPresent() && entries.size() < limit);
        return List.copyOf(entries);
    }

    /**
     * Every entry about {@code subject}, oldest first, read a page at a time as the stream is consumed:
     * an export of a long trail never holds it whole.
     *
     * @param subject a pseudonym
     */
    public Stream<AuditEntry> everyEntryFor(String subject) {
        if (!AuditEntry.isPseudonymShaped(subject)) {
            throw new IllegalArgumentException("subject must be a pseudonym (22 characters of Base64url)");
        }
        Iterator<AuditEntry> pages = new Iterator<>() {
            private Iterator<StoredDocument> page = Collections.emptyIterator();
            private Optional<String> continuation = Optional.empty();
            private boolean started;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && (!started || continuation.isPresent())) {
                    Page next = store.query(CONTAINER, Query.partition(subject), MAX_PAGE_SIZE, continuation);
                    started = true;
                    page = next.items().iterator();
                    continuation = next.continuation();
                }
                return page.hasNext();
            }

            @Override
            public AuditEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return toEntry(page.next());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private String newId(Instant at) {
        byte[] suffix = new byte[RANDOM_SUFFIX_BYTES];
        random.nextBytes(suffix);
        return ID_TIME.format(at) + "-" + HEX.formatHex(suffix);
    }

    private static AuditEntry toEntry(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        String id = stored.id();
        Instant at = parseInstant(id, fields.get("at"));
        AuditAction action = AuditAction.fromCode(requireText(id, "action", fields.get("action")))
                .orElseThrow(() -> unreadable(id, "its action code is unknown to this version"));
        Optional<String> actor = Optional.ofNullable(fields.get("actor")).map(value -> requireText(id, "actor", value));
        if (!(fields.get("details") instanceof Map<?, ?> storedDetails)) {
            throw unreadable(id, "it has no details object");
        }
        Map<String, String> details = new LinkedHashMap<>();
        storedDetails.forEach((key, value) -> details.put((String) key, requireText(id, "a details value", value)));
        return new AuditEntry(at, action, stored.document().partitionKey(), actor, details);
    }

    private static Instant parseInstant(String id, Object value) {
        try {
            return Instant.parse(requireText(id, "at", value));
        } catch (DateTimeParseException e) {
            throw unreadable(id, "its time is not an ISO-8601 instant");
        }
    }

    private static String requireText(String id, String what, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw unreadable(id, what + " is not a string");
    }

    private static IllegalStateException unreadable(String id, String reason) {
        return new IllegalStateException("audit entry " + id + " cannot be read: " + reason);
    }
}
