package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.KeyedHash;
import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.SecretSource;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.Consent;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.EmailChallenge;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accounts in the document store, and the two indexes that find them:
 * <ul>
 *   <li>{@code accounts}: one document per account, id and partition key the account id (the
 *       partition all of the account's data shares, DESIGN.md decision 3);</li>
 *   <li>{@code identities}: tenant id + object id to account id, so that a token finds its account
 *       with two point reads, and so that two concurrent sign-ups of one identity make one account
 *       (only one of them can create the index entry);</li>
 *   <li>{@code email-index}: the blind index, keyed by an HMAC of the normalised address under the
 *       {@code email-index-key} secret, holding the id of the account that verified it. The address
 *       itself is never an index key.</li>
 *   <li>{@code sign-up-days}: one entry per sign-up, partitioned by the UTC day of the sign-up
 *       ({@code 2026-11-29}), written before the pending account and removed when its address is
 *       verified. The retention purge reads one day's partition to find the sign-ups never verified,
 *       without a cross-partition query (docs/retention.md).</li>
 * </ul>
 */
public final class AccountRecords {

    public static final ContainerSpec ACCOUNTS = ContainerSpec.of("accounts", "accountId");
    public static final ContainerSpec IDENTITIES = ContainerSpec.of("identities", "key");
    public static final ContainerSpec EMAIL_INDEX = ContainerSpec.of("email-index", "key");
    public static final ContainerSpec SIGN_UP_DAYS = ContainerSpec.of("sign-up-days", "day");
    public static final List<ContainerSpec> CONTAINERS = List.of(ACCOUNTS, IDENTITIES, EMAIL_INDEX, SIGN_UP_DAYS);

    private static final String EMAIL_INDEX_PURPOSE = "email-index";

    private final DocumentStore store;
    private final SecretSource secrets;

    private final OptimisticUpdate<Account, Versioned> updates = new OptimisticUpdate<>(
            (next, read) -> replace(next, read.etag()),
            written -> toVersioned(written.stored()),
            read -> read(read.account().id()));

    public AccountRecords(DocumentStore store, SecretSource secrets) {
        this.store = Objects.requireNonNull(store, "store");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** An account as read, with the ETag a conditional write of it must name. */
    public record Versioned(Account account, String etag) {
        public Versioned {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(etag, "etag");
        }
    }

    public Optional<Versioned> read(String accountId) {
        return store.read(ACCOUNTS.name(), accountId, accountId).map(AccountRecords::toVersioned);
    }

    /** The account the identity signed up as, if any. */
    public Optional<Versioned> findByIdentity(String tenantId, String objectId) {
        return accountIdOf(tenantId, objectId).flatMap(this::read);
    }

    /** The account id the identity is bound to, even if the account document is not written yet. */
    public Optional<String> accountIdOf(String tenantId, String objectId) {
        String key = identityKey(tenantId, objectId);
        return store.read(IDENTITIES.name(), key, key).map(found -> (String) found.document().fields().get("accountId"));
    }

    /**
     * Binds the identity to {@code proposedAccountId} unless it is bound already; answers the id it is
     * bound to, which is the earlier one when another sign-up won the race.
     */
    public String bindIdentity(String tenantId, String objectId, String proposedAccountId) {
        String key = identityKey(tenantId, objectId);
        Document entry = IDENTITIES.withPartitionKeyField(Document.of(key, key, Map.of("accountId", proposedAccountId)));
        WriteResult created = store.create(IDENTITIES.name(), entry);
        if (created.isWritten()) {
            return proposedAccountId;
        }
        return accountIdOf(tenantId, objectId).orElseThrow(() -> new IllegalStateException("identity index entry vanished"));
    }

    /** Removes the identity's binding to {@code accountId} (an erased account), if it holds one; a sign-up may then start afresh. */
    public void unbindIdentity(String tenantId, String objectId, String accountId) {
        String key = identityKey(tenantId, objectId);
        store.read(IDENTITIES.name(), key, key)
                .filter(found -> accountId.equals(found.document().fields().get("accountId")))
                .ifPresent(found -> store.delete(IDENTITIES.name(), key, key, found.etag()));
    }

    /** Deletes the account document (an erasure's last step); deleting a deleted one is not an error. */
    public void delete(String accountId) {
        store.delete(ACCOUNTS.name(), accountId, accountId, null);
    }

    public WriteResult create(Account account) {
        return store.create(ACCOUNTS.name(), toDocument(account));
    }

    /** Replaces the account if it is still the version read ({@code CONFLICT} otherwise). */
    public WriteResult replace(Account account, String etag) {
        return store.replace(ACCOUNTS.name(), toDocument(account), etag);
    }

    /**
     * Changes an account with optimistic concurrency ({@link OptimisticUpdate}): {@code decide} sees the
     * version read and runs again on a newer one after a conflict.
     *
     * @param whenGone the answer if the account disappeared meanwhile
     */
    public <T> Outcome<T> update(Versioned found, Function<Versioned, OptimisticUpdate.Change<Account, Versioned, T>> decide,
                                 Problem whenGone) {
        return updates.apply(found, decide, whenGone);
    }

    /** The id of the account that verified {@code email}, if one did. */
    public Optional<String> emailOwner(EmailAddress email) {
        return emailOwnerByIndexKey(emailKey(email));
    }

    /**
     * The blind-index key of {@code email}: for a caller that must match an address to its account
     * later (the privacy form, at confirmation) without keeping the address meanwhile.
     */
    public String emailIndexKey(EmailAddress email) {
        return emailKey(email);
    }

    /** The id of the account that verified the address whose {@link #emailIndexKey} {@code key} is, if one did. */
    public Optional<String> emailOwnerByIndexKey(String key) {
        return store.read(EMAIL_INDEX.name(), key, key).map(found -> (String) found.document().fields().get("accountId"));
    }

    /**
     * Makes {@code accountId} the owner of {@code email} in the blind index. An entry left by an account
     * that no longer uses the address (it changed it, or is gone) is taken over; one held by another
     * account that still uses it is not.
     *
     * @return whether {@code accountId} owns the address now
     */
    public boolean claimEmail(EmailAddress email, String accountId) {
        String key = emailKey(email);
        Document entry = EMAIL_INDEX.withPartitionKeyField(Document.of(key, key, Map.of("accountId", accountId)));
        for (int attempt = 0; attempt < 3; attempt++) {
            if (store.create(EMAIL_INDEX.name(), entry).isWritten()) {
                return true;
            }
            Optional<StoredDocument> existing = store.read(EMAIL_INDEX.name(), key, key);
            if (existing.isEmpty()) {
                continue;
            }
            String owner = (String) existing.get().document().fields().get("accountId");
            if (owner.equals(accountId)) {
                return true;
            }
            if (stillUses(owner, email)) {
                return false;
            }
            if (store.replace(EMAIL_INDEX.name(), entry, existing.get().etag()).isWritten()) {
                return true;
            }
        }
        return false;
    }

    /** Removes {@code accountId}'s claim on {@code email}, if it holds one. */
    public void releaseEmail(EmailAddress email, String accountId) {
        String key = emailKey(email);
        store.read(EMAIL_INDEX.name(), key, key)
                .filter(found -> accountId.equals(found.document().fields().get("accountId")))
                .ifPresent(found -> store.delete(EMAIL_INDEX.name(), key, key, found.etag()));
    }

    /**
     * A sign-up as the {@code sign-up-days} index holds it: enough to find the pending account and its
     * identity entry once the account's retention period is over.
     *
     * @param signedUpAt when the sign-up began
     * @param indexedOn  the partition of the entry: the UTC day of the sign-up, unless the purge moved it
     *                   to a later day (a legal hold)
     */
    public record SignUpEntry(String accountId, String tenantId, String objectId, Instant signedUpAt, LocalDate indexedOn) {
        public SignUpEntry {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(objectId, "objectId");
            Objects.requireNonNull(signedUpAt, "signedUpAt");
            Objects.requireNonNull(indexedOn, "indexedOn");
        }

        /** A sign-up indexed on its own day. */
        public SignUpEntry(String accountId, String tenantId, String objectId, Instant signedUpAt) {
            this(accountId, tenantId, objectId, signedUpAt, LocalDate.ofInstant(signedUpAt, ZoneOffset.UTC));
        }
    }

    /** The UTC day of an instant as the sign-up index partitions by it. */
    public static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Notes a sign-up in the day index. Written before the account, so no pending account exists that
     * the purge cannot find; writing it again (a retried sign-up) changes nothing.
     */
    public void indexSignUp(SignUpEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tenantId", entry.tenantId());
        fields.put("objectId", entry.objectId());
        fields.put("signedUpAt", entry.signedUpAt().toString());
        // Numbers compare by value; ISO strings of varying precision would not compare in time order.
        fields.put("signedUpAtEpochSecond", entry.signedUpAt().getEpochSecond());
        store.upsert(SIGN_UP_DAYS.name(), SIGN_UP_DAYS.withPartitionKeyField(Document.of(entry.accountId(),
                entry.indexedOn().toString(), fields)));
    }

    /**
     * Moves an entry to the partition of a later day, where the purge will find it again (the account is
     * under a legal hold until then). Written there before it is removed here, so it is never lost.
     */
    public void moveSignUp(SignUpEntry entry, LocalDate toDay) {
        indexSignUp(new SignUpEntry(entry.accountId(), entry.tenantId(), entry.objectId(), entry.signedUpAt(), toDay));
        if (!toDay.equals(entry.indexedOn())) {
            unindexSignUp(entry);
        }
    }

    /** Removes the entry from the partition it was read from; as {@link #unindexSignUp(String, Instant)}. */
    public boolean unindexSignUp(SignUpEntry entry) {
        return store.delete(SIGN_UP_DAYS.name(), entry.indexedOn().toString(), entry.accountId(), null).status()
                == WriteResult.Status.DELETED;
    }

    /** Removes entries of one day's partition, in one write where the store can; removing one twice is not an error. */
    public int unindexSignUps(LocalDate indexedOn, List<SignUpEntry> entries) {
        return store.deleteAll(SIGN_UP_DAYS.name(), indexedOn.toString(), entries.stream().map(SignUpEntry::accountId).toList());
    }

    /**
     * Removes the account's entry from the day index (verified, or purged); removing it twice is not an
     * error.
     *
     * @return whether this call removed it (false when it was gone already)
     */
    public boolean unindexSignUp(String accountId, Instant signedUpAt) {
        return store.delete(SIGN_UP_DAYS.name(), dayOf(signedUpAt).toString(), accountId, null).status()
                == WriteResult.Status.DELETED;
    }

    /**
     * Up to {@code max} entries of one day's partition of sign-ups begun in the second of
     * {@code notAfter} or before, by account id (so a few may have begun later within that second). The
     * purge removes each entry it has dealt with, so asking again gives the rest.
     */
    public List<SignUpEntry> signUpsOn(LocalDate day, Instant notAfter, int max) {
        Query query = Query.partition(day.toString())
                .where("signedUpAtEpochSecond", Query.Operator.LESS_OR_EQUAL, notAfter.getEpochSecond());
        return store.query(SIGN_UP_DAYS.name(), query, max, Optional.empty()).items().stream()
                .map(stored -> {
                    Map<String, Object> fields = stored.document().fields();
                    return new SignUpEntry(stored.id(), (String) fields.get("tenantId"), (String) fields.get("objectId"),
                            Instant.parse((String) fields.get("signedUpAt")), day);
                })
                .toList();
    }

    /**
     * Deletes the account document only if it is still the version read: a purge that raced a
     * verification must not delete the account just verified.
     */
    public WriteResult deleteIfUnchanged(Versioned read) {
        return store.delete(ACCOUNTS.name(), read.account().id(), read.account().id(), read.etag());
    }

    private boolean stillUses(String accountId, EmailAddress email) {
        return read(accountId).map(Versioned::account)
                .filter(account -> account.emailVerified() && account.email().equals(email))
                .filter(account -> account.state() != AccountState.CLOSED)
                .isPresent();
    }

    private String emailKey(EmailAddress email) {
        return KeyedHash.of(secrets.current(SecretNames.EMAIL_INDEX_KEY), EMAIL_INDEX_PURPOSE, email.value());
    }

    /** Tenant and object ids are GUIDs (letters, digits, hyphens), so a dot separates them unambiguously. */
    static String identityKey(String tenantId, String objectId) {
        return tenantId + "." + objectId;
    }

    static Document toDocument(Account account) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "account");
        fields.put("tenantId", account.tenantId());
        fields.put("objectId", account.objectId());
        fields.put("displayName", account.displayName());
        fields.put("email", account.email().value());
        fields.put("emailVerified", account.emailVerified());
        fields.put("state", account.state().code());
        account.stateBeforeBlock().ifPresent(state -> fields.put("stateBeforeBlock", state.code()));
        account.moderationReason().ifPresent(reason -> fields.put("moderationReason", reason));
        Consent consent = account.consent();
        fields.put("consent", Map.of(
                "termsVersion", consent.termsVersion(),
                "termsAcceptedAt", consent.termsAcceptedAt().toString(),
                "privacyPolicyVersion", consent.privacyPolicyVersion(),
                "privacyPolicyAcceptedAt", consent.privacyPolicyAcceptedAt().toString()));
        account.challenge().ifPresent(challenge -> {
            Map<String, Object> open = new LinkedHashMap<>();
            open.put("email", challenge.email().value());
            open.put("codeHash", challenge.codeHash());
            open.put("issuedAt", challenge.issuedAt().toString());
            open.put("failedAttempts", (long) challenge.failedAttempts());
            open.put("sendsInWindow", (long) challenge.sendsInWindow());
            open.put("windowStartedAt", challenge.windowStartedAt().toString());
            challenge.deliveredAt().ifPresent(at -> open.put("deliveredAt", at.toString()));
            fields.put("challenge", open);
        });
        fields.put("createdAt", account.createdAt().toString());
        fields.put("updatedAt", account.updatedAt().toString());
        return ACCOUNTS.withPartitionKeyField(Document.of(account.id(), account.id(), fields));
    }

    @SuppressWarnings("unchecked")
    static Versioned toVersioned(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        Map<String, Object> consent = (Map<String, Object>) fields.get("consent");
        Optional<EmailChallenge> challenge = Optional.ofNullable((Map<String, Object>) fields.get("challenge")).map(open ->
                new EmailChallenge(EmailAddress.of((String) open.get("email")), (String) open.get("codeHash"),
                        Instant.parse((String) open.get("issuedAt")), ((Long) open.get("failedAttempts")).intValue(),
                        ((Long) open.get("sendsInWindow")).intValue(), Instant.parse((String) open.get("windowStartedAt")),
                        Optional.ofNullable((String) open.get("deliveredAt")).map(Instant::parse)));
        Account account = new Account(
                stored.id(),
                (String) fields.get("tenantId"),
                (String) fields.get("objectId"),
                (String) fields.get("displayName"),
                EmailAddress.of((String) fields.get("email")),
                (Boolean) fields.get("emailVerified"),
                AccountState.fromCode((String) fields.get("state")),
                Optional.ofNullable((String) fields.get("stateBeforeBlock")).map(AccountState::fromCode),
                Optional.ofNullable((String) fields.get("moderationReason")),
                new Consent((String) consent.get("termsVersion"), Instant.parse((String) consent.get("termsAcceptedAt")),
                        (String) consent.get("privacyPolicyVersion"), Instant.parse((String) consent.get("privacyPolicyAcceptedAt"))),
                challenge,
                Instant.parse((String) fields.get("createdAt")),
                Instant.parse((String) fields.get("updatedAt")));
        return new Versioned(account, stored.etag());
    }
}
