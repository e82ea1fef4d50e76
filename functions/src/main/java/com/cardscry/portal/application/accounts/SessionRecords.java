package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.AllPages;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.domain.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions in the document store: container {@code sessions}, partitioned by account id (so listing
 * and ending an account's sessions stay in one partition), id the keyed hash of the session secret.
 * Every write carries a {@code ttl} that ends the record when the session ends, so abandoned sessions
 * disappear without a purge.
 */
public final class SessionRecords {

    public static final ContainerSpec SESSIONS = ContainerSpec.of("sessions", "accountId");

    /** More than any one person has browsers; starting one more ends the oldest. */
    public static final int MAX_SESSIONS_PER_ACCOUNT = 20;

    private final DocumentStore store;

    public SessionRecords(DocumentStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A session as read, with the ETag a later write of it must name. */
    public record Versioned(Session session, String etag) {
    }

    public Optional<Versioned> read(String accountId, String sessionId) {
        return store.read(SESSIONS.name(), accountId, sessionId).map(stored -> new Versioned(toSession(stored), stored.etag()));
    }

    /** Stores a new session, its ttl counted from {@code now}. */
    public void create(Session session, Instant now, Duration idleTimeout) {
        store.create(SESSIONS.name(), toDocument(session).withTtl(session.ttlSeconds(now, idleTimeout)));
    }

    /**
     * Records activity on a session read as {@code read}. Only that version is replaced, so a session
     * ended meanwhile (by its user, a block or a close) is never brought back by a late request.
     */
    public void touch(Versioned read, Session touched, Instant now, Duration idleTimeout) {
        store.replace(SESSIONS.name(), toDocument(touched).withTtl(touched.ttlSeconds(now, idleTimeout)), read.etag());
    }

    /** Ends one session; ending an ended session is not an error. */
    public boolean delete(String accountId, String sessionId) {
        return store.delete(SESSIONS.name(), accountId, sessionId, null).status() == com.cardscry.portal.application.port.WriteResult.Status.DELETED;
    }

    /** Every stored session of the account, oldest first (some may be past their idle timeout). */
    public List<Session> list(String accountId) {
        List<Session> sessions = AllPages.of(store, SESSIONS.name(), Query.partition(accountId), SessionRecords::toSession);
        sessions.sort(Comparator.comparing(Session::createdAt).thenComparing(Session::id));
        return sessions;
    }

    /** Ends every session of the account; answers how many there were. */
    public int deleteAll(String accountId) {
        List<Session> sessions = list(accountId);
        sessions.forEach(session -> delete(accountId, session.id()));
        return sessions.size();
    }

    private static Document toDocument(Session session) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "session");
        fields.put("admin", session.admin());
        fields.put("createdAt", session.createdAt().toString());
        fields.put("lastActiveAt", session.lastActiveAt().toString());
        fields.put("absoluteExpiresAt", session.absoluteExpiresAt().toString());
        return SESSIONS.withPartitionKeyField(Document.of(session.id(), session.accountId(), fields));
    }

    private static Session toSession(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        return new Session(stored.id(), stored.document().partitionKey(), (Boolean) fields.get("admin"),
                Instant.parse((String) fields.get("createdAt")), Instant.parse((String) fields.get("lastActiveAt")),
                Instant.parse((String) fields.get("absoluteExpiresAt")));
    }
}
