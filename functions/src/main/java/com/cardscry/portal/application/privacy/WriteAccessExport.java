package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.SessionRecords;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.Session;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionKey;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The access request's one step ({@code write-export}): everything held about the person, with the
 * information GDPR Art. 15 requires, written to the export store as JSON and as a readable page under
 * the request's {@link ExportNames}. Writing again replaces both files, so a redelivery leaves one
 * export. Everything is streamed: hourly usage buckets and daily usage aggregates are read a page at a
 * time and written as they come, so the size of the account does not decide the memory used.
 *
 * <p>What is never exported: key hashes and pepper versions (they would help nobody and are secrets'
 * relatives), session ids (hashes of the cookie), verification-code hashes.
 */
public final class WriteAccessExport implements PrivacyStepHandler {

    private static final int USAGE_PAGE = 1000;
    /** The fields of an hourly bucket the export lists; not its batch ids, the gateway's opaque retry ids. */
    private static final List<String> HOURLY_USAGE_FIELDS = List.of("subscriptionId", "hour", "requests", "clientErrors", "serverErrors");
    /** A daily aggregate as the hourly buckets are listed, with its day instead of an hour. */
    private static final List<String> DAILY_USAGE_FIELDS = List.of("subscriptionId", "day", "requests", "clientErrors", "serverErrors");

    private final AccountRecords accounts;
    private final SessionRecords sessions;
    private final SubscriptionRecords subscriptions;
    private final KeyRecords keys;
    private final PrivacyRequestRecords requests;
    private final DocumentStore store;
    private final DocumentAuditLog auditTrail;
    private final Pseudonyms pseudonyms;
    private final ExportStore exports;
    private final RetentionSchedule retention;
    private final Clock clock;

    /** @param retention how long the export is kept, and what the export says about every category's retention */
    public WriteAccessExport(AccountRecords accounts, SessionRecords sessions, SubscriptionRecords subscriptions, KeyRecords keys,
                             PrivacyRequestRecords requests, DocumentStore store, DocumentAuditLog auditTrail, Pseudonyms pseudonyms,
                             ExportStore exports, RetentionSchedule retention, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.store = Objects.requireNonNull(store, "store");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result carryOut(PrivacyRequest request) {
        Instant now = clock.now();
        write(request, ExportNames.Format.JSON, JsonExportSink::new, now);
        write(request, ExportNames.Format.HTML, HtmlExportSink::new, now);
        return PrivacyStepHandler.done();
    }

    private void write(PrivacyRequest request, ExportNames.Format format, Function<Writer, ExportSink> sinkOf, Instant now) {
        exports.write(ExportNames.of(request.accountId(), request.id(), format), format.contentType(), out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            ExportSink sink = sinkOf.apply(writer);
            export(request, sink, now);
            sink.end();
        });
    }

    private void export(PrivacyRequest request, ExportSink sink, Instant now) throws IOException {
        String accountId = request.accountId();
        Optional<Account> account = accounts.read(accountId).map(AccountRecords.Versioned::account);
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("request", request.id());
        about.put("account", accountId);
        about.put("generatedAt", now.toString());
        about.put("availableUntil", now.plus(retention.period(RetentionCategory.EXPORTS)).toString());
        about.put("source", PersonalDataInventory.SOURCE);
        // A request through the privacy form whose address no account had: the export says so, and holds
        // the request itself and the Art. 15 information only.
        about.put("accountFound", account.isPresent());
        sink.begin("Everything Cardscry holds about you", about);

        section(sink, "profile", "Profile", account.stream().map(WriteAccessExport::profile));
        section(sink, "consents", "Consents", account.stream().map(WriteAccessExport::consents));
        section(sink, "sessions", "Sessions", sessions.list(accountId).stream().map(WriteAccessExport::session));
        section(sink, "subscriptions", "Subscriptions", subscriptions.list(accountId).stream().map(WriteAccessExport::subscription));
        section(sink, "apiKeys", "API keys (never the keys themselves)", keys.ofAccount(accountId).stream().map(WriteAccessExport::key));
        storedPages(sink, "usage", "Usage per hour", UsageRecords.USAGE.name(), accountId, HOURLY_USAGE_FIELDS);
        storedPages(sink, "usageDaily", "Usage per day (the hourly counts summed up)", UsageRecords.USAGE_DAILY.name(), accountId,
                DAILY_USAGE_FIELDS);
        section(sink, "privacyRequests", "Privacy requests", requests.ofAccount(accountId).stream().map(WriteAccessExport::privacyRequest));
        section(sink, "auditTrail", "What was done to and by the account (audit trail, under a pseudonym)",
                auditTrail.everyEntryFor(pseudonyms.of(accountId)).map(WriteAccessExport::auditEntry));
        section(sink, "processing", "Why and how long we keep it (GDPR Art. 15)",
                retention.entries().stream().map(WriteAccessExport::category));
        section(sink, "recipients", "Who receives it", PersonalDataInventory.RECIPIENTS.stream().map(text -> Map.<String, Object>of("recipient", text)));
        section(sink, "rights", "Your rights", PersonalDataInventory.RIGHTS.stream().map(text -> Map.<String, Object>of("right", text)));
    }

    private static void section(ExportSink sink, String key, String title, Stream<? extends Map<String, Object>> items)
            throws IOException {
        sink.beginSection(key, title);
        Iterator<? extends Map<String, Object>> each = items.iterator();
        while (each.hasNext()) {
            sink.item(each.next());
        }
        sink.endSection();
    }

    /**
     * A section of every document of the account's partition in {@code container}, with the {@code fields}
     * named, a page at a time: never all in memory.
     */
    private void storedPages(ExportSink sink, String key, String title, String container, String accountId, List<String> fields)
            throws IOException {
        sink.beginSection(key, title);
        Optional<String> continuation = Optional.empty();
        do {
            Page page = store.query(container, Query.partition(accountId), USAGE_PAGE, continuation);
            for (StoredDocument stored : page.items()) {
                Map<String, Object> item = new LinkedHashMap<>();
                for (String name : fields) {
                    item.put(name, stored.document().fields().get(name));
                }
                sink.item(item);
            }
            continuation = page.continuation();
        } while (continuation.isPresent());
        sink.endSection();
    }

    private static Map<String, Object> profile(Account account) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("accountId", account.id());
        item.put("displayName", account.displayName());
        item.put("email", account.email().value());
        item.put("emailVerified", account.emailVerified());
        item.put("pendingEmail", account.challenge().map(challenge -> challenge.email().value()).orElse(null));
        item.put("state", account.state().code());
        item.put("entraTenantId", account.tenantId());
        item.put("entraObjectId", account.objectId());
        item.put("createdAt", account.createdAt().toString());
        item.put("updatedAt", account.updatedAt().toString());
        return item;
    }

    private static Map<String, Object> consents(Account account) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("termsVersion", account.consent().termsVersion());
        item.put("termsAcceptedAt", account.consent().termsAcceptedAt().toString());
        item.put("privacyPolicyVersion", account.consent().privacyPolicyVersion());
        item.put("privacyPolicyAcceptedAt", account.consent().privacyPolicyAcceptedAt().toString());
        return item;
    }

    private static Map<String, Object> session(Session session) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("startedAt", session.createdAt().toString());
        item.put("lastActiveAt", session.lastActiveAt().toString());
        item.put("endsAt", session.absoluteExpiresAt().toString());
        item.put("admin", session.admin());
        return item;
    }

    private static Map<String, Object> subscription(Subscription subscription) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", subscription.id());
        item.put("plan", subscription.planId());
        item.put("state", subscription.state().code());
        item.put("createdAt", subscription.createdAt().toString());
        item.put("updatedAt", subscription.updatedAt().toString());
        item.put("expiresAt", subscription.expiresAt().map(Instant::toString).orElse(null));
        item.put("reason", subscription.reason().orElse(null));
        return item;
    }

    private static Map<String, Object> key(SubscriptionKey key) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", key.id());
        item.put("subscriptionId", key.subscriptionId());
        item.put("name", key.name());
        item.put("hint", key.hint());
        item.put("createdAt", key.createdAt().toString());
        item.put("expiresAt", key.expiresAt().toString());
        item.put("revokedAt", key.revokedAt().map(Instant::toString).orElse(null));
        item.put("lastUsedOn", key.lastUsedOn().map(Object::toString).orElse(null));
        return item;
    }

    private static Map<String, Object> privacyRequest(PrivacyRequest request) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", request.id());
        item.put("type", request.type().code());
        item.put("status", request.status().code());
        item.put("receivedAt", request.receivedAt().toString());
        item.put("dueAt", request.dueAt().toString());
        item.put("note", request.note().orElse(null));
        item.put("corrections", request.correction().map(correction -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            correction.displayName().ifPresent(name -> changes.put("displayName", name));
            correction.email().ifPresent(email -> changes.put("email", email.value()));
            return (Object) changes;
        }).orElse(null));
        item.put("outcome", request.outcome().orElse(null));
        item.put("history", request.history().stream().map(event -> (Object) (event.at() + " " + event.what()
                + event.detail().map(detail -> ": " + detail).orElse(""))).toList());
        return item;
    }

    private static Map<String, Object> auditEntry(AuditEntry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("at", entry.at().toString());
        item.put("action", entry.action().code());
        item.put("byAdministrator", entry.actor().isPresent());
        item.put("details", new LinkedHashMap<String, Object>(entry.details()));
        return item;
    }

    private static Map<String, Object> category(RetentionSchedule.Entry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("category", entry.title());
        item.put("purpose", entry.purpose());
        item.put("legalBasis", entry.legalBasis());
        item.put("retention", entry.keep().inWords());
        return item;
    }
}
