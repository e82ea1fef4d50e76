package com.cardscry.portal.adapters.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.ConnectionMode;
import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.PartitionKey;
import com.cardscry.portal.adapters.cosmos.CosmosStoreOptions.Credential;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.DocumentStoreContract;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult.Status;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.testing.emulators.Emulators;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The document store contract, unchanged, against the Cosmos emulator (gateway mode, the emulator's
 * self-signed certificate trusted through the SDK's test switch, which Failsafe sets). Each test gets a database of its
 * own, with a random name, deleted afterwards. The emulator does not expire items, so the clock-driven
 * expiry group is off; {@link TimeToLiveIsWrittenForCosmos} proves instead that the ttl and the
 * containers' default TTL are written.
 */
class CosmosDocumentStoreIT extends DocumentStoreContract {

    private static Emulators.Cosmos emulator;
    private static CosmosClient inspector;
    private final List<String> databases = new ArrayList<>();

    @BeforeAll
    static void connectInspector() {
        emulator = Emulators.cosmos();
        inspector = new CosmosClientBuilder().endpoint(emulator.endpoint().toString()).key(emulator.key()).gatewayMode()
                .buildClient();
    }

    @AfterAll
    static void closeInspector() {
        if (inspector != null) {
            inspector.close();
        }
    }

    @Override
    protected DocumentStore newStore(List<ContainerSpec> containers, Clock clock) {
        return CosmosDocumentStore.open(options(newDatabase(), containers, true));
    }

    @AfterEach
    void deleteDatabases() {
        for (String database : databases) {
            inspector.getDatabase(database).delete();
        }
    }

    private String newDatabase() {
        String name = "it-" + UUID.randomUUID();
        databases.add(name);
        return name;
    }

    private String database() {
        return databases.get(0);
    }

    private static CosmosStoreOptions options(String database, List<ContainerSpec> containers, boolean create) {
        return CosmosStoreOptions.builder(emulator.endpoint(), database, new Credential.AccountKey(emulator.key()))
                .connectionMode(ConnectionMode.GATEWAY)
                .createIfMissing(create)
                .containers(containers)
                .build();
    }

    private CosmosContainer container(ContainerSpec spec) {
        return inspector.getDatabase(database()).getContainer(spec.name());
    }

    @Nested
    class TimeToLiveIsWrittenForCosmos {

        @Test
        void asTheItemsTtlWhenTheDocumentHasItsOwn() {
            store.create(SESSIONS.name(), Document.of("code", "acc-1", Map.of()).withTtl(60));
            store.create(SESSIONS.name(), Document.of("session", "acc-1", Map.of()));

            ObjectNode own = container(SESSIONS).readItem("code", new PartitionKey("acc-1"), ObjectNode.class).getItem();
            ObjectNode inherited = container(SESSIONS).readItem("session", new PartitionKey("acc-1"), ObjectNode.class).getItem();

            assertEquals(60, own.get("ttl").intValue());
            assertFalse(inherited.has("ttl"));
        }

        @Test
        void asTheContainersDefaultOrMinusOneForNone() {
            assertEquals(3600, container(SESSIONS).read().getProperties().getDefaultTimeToLiveInSeconds());
            assertEquals(-1, container(ACCOUNTS).read().getProperties().getDefaultTimeToLiveInSeconds());
        }
    }

    @Nested
    class StartUp {

        @Test
        void withoutLeaveToCreateNamesTheMissingContainer() {
            ContainerSpec missing = ContainerSpec.of("privacy-requests", "accountId");

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CosmosDocumentStore.open(options(database(), List.of(ACCOUNTS, missing), false)));

            assertTrue(e.getMessage().contains("'privacy-requests'"), e.getMessage());
        }

        @Test
        void withoutLeaveToCreateUsesTheContainersThatExist() {
            try (CosmosDocumentStore second = CosmosDocumentStore.open(options(database(), List.of(ACCOUNTS), false))) {
                store.create(ACCOUNTS.name(), Document.of("profile", "acc-1", Map.of("name", "Ada")));

                assertEquals("Ada", second.read(ACCOUNTS.name(), "acc-1", "profile").orElseThrow().document().fields().get("name"));
                assertTrue(second.check().up());
            }
        }

        @Test
        void refusesAContainerPartitionedByAnotherField() {
            ContainerSpec other = ContainerSpec.of(ACCOUNTS.name(), "tenantId");

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CosmosDocumentStore.open(options(database(), List.of(other), false)));

            assertTrue(e.getMessage().contains("/accountId"), e.getMessage());
        }
    }

    @Nested
    class ThroughAConnectionThatIsCut {

        @Test
        void aWriteIsRetriedOnANewConnectionAndStoredOnce() throws Exception {
            URI endpoint = emulator.endpoint();
            try (CuttingTcpProxy proxy = new CuttingTcpProxy(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()))) {
                URI viaProxy = new URI(endpoint.getScheme(), null, endpoint.getHost(), proxy.port(), endpoint.getPath(), null, null);
                CosmosStoreOptions options = CosmosStoreOptions.builder(viaProxy, database(), new Credential.AccountKey(emulator.key()))
                        .connectionMode(ConnectionMode.GATEWAY).containers(List.of(ACCOUNTS))
                        // The emulator reports its own port as the account's endpoint; stay on the proxy.
                        .endpointDiscovery(false)
                        .build();
                try (CosmosDocumentStore cut = CosmosDocumentStore.open(options)) {
                    assertTrue(cut.read(ACCOUNTS.name(), "acc-1", "warm-up").isEmpty());
                    int connectionsBeforeTheCut = proxy.accepted();
                    proxy.cutAll();

                    WriteResult result = cut.create(ACCOUNTS.name(), Document.of("profile", "acc-1", Map.of("name", "Ada")));

                    assertEquals(Status.WRITTEN, result.status());
                    assertTrue(proxy.accepted() > connectionsBeforeTheCut, "the request went through the proxy again");
                }
            }
            assertEquals(List.of("profile"), store.query(ACCOUNTS.name(), Query.partition("acc-1"), 10, Optional.empty())
                    .items().stream().map(StoredDocument::id).toList());
        }
    }

    @Nested
    class RequestChargesOfTheEmulator {

        @Test
        void areCountedForEveryOperationThatRan() {
            CosmosDocumentStore cosmos = (CosmosDocumentStore) store;
            cosmos.create(ACCOUNTS.name(), Document.of("profile", "acc-1", Map.of()));
            cosmos.read(ACCOUNTS.name(), "acc-1", "profile");

            assertEquals(1, cosmos.requestCharges().get("create").operations());
            assertEquals(1, cosmos.requestCharges().get("read").operations());
        }
    }
}
