package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.KeyedHash;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.SecretSource;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a person whose account was erased still finds their deletion request: an erasure removes the
 * identity index (so the person can sign up afresh), and with it the way from a sign-in to the
 * account's partition. Before it does, it leaves a pointer: in the {@code privacy-requests} container,
 * in a partition named by a keyed hash of the Entra ID identity (never the ids themselves), one
 * document per erased request naming the account id it was about. Only someone signed in as that
 * identity, who also knows the request id, can follow it. Pointers expire when the retention schedule's
 * period for {@link RetentionCategory#ERASED_IDENTITY_POINTERS} ends.
 */
public final class ErasedIdentities {

    private static final String PURPOSE = "erased-identity";
    private static final String PARTITION_PREFIX = "erased-identity-";

    private final DocumentStore store;
    private final SecretSource secrets;

    private final RetentionSchedule retention;

    public ErasedIdentities(DocumentStore store, SecretSource secrets, RetentionSchedule retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** Leaves the pointer from the identity to the erased account's request (again, harmlessly, on a retry). */
    public void remember(String tenantId, String objectId, String accountId, String requestId) {
        Document pointer = Document.of(requestId, partitionOf(tenantId, objectId), Map.of("type", "erased-identity",
                "erasedAccountId", accountId));
        store.upsert(PrivacyRequestRecords.REQUESTS.name(), PrivacyRequestRecords.REQUESTS.withPartitionKeyField(pointer)
                .withTtl(retention.ttlSeconds(RetentionCategory.ERASED_IDENTITY_POINTERS)));
    }

    /** The erased account the identity's request was about, if the identity left a pointer to it. */
    public Optional<String> accountOf(String tenantId, String objectId, String requestId) {
        return store.read(PrivacyRequestRecords.REQUESTS.name(), partitionOf(tenantId, objectId), requestId)
                .filter(found -> "erased-identity".equals(found.document().fields().get("type")))
                .map(found -> (String) found.document().fields().get("erasedAccountId"));
    }

    private String partitionOf(String tenantId, String objectId) {
        return PARTITION_PREFIX + KeyedHash.of(secrets.current(SecretNames.EMAIL_INDEX_KEY), PURPOSE, tenantId + "." + objectId);
    }
}
