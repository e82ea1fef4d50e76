package com.cardscry.portal.adapters.cosmos;

import com.azure.core.credential.TokenCredential;
import com.azure.cosmos.ConnectionMode;
import com.cardscry.portal.application.port.ContainerSpec;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link CosmosDocumentStore#open} needs, as the composition root reads it from settings.
 *
 * @param endpoint         the account endpoint, for example {@code https://cosmos-x.documents.azure.com:443/}
 * @param databaseName     the database holding the containers
 * @param credential       Entra ID in Azure; an account key only for an emulator
 * @param connectionMode   {@code DIRECT} in Azure; {@code GATEWAY} for the emulator (which speaks nothing else)
 *                         or where only HTTPS may leave the network
 * @param createIfMissing  whether to create the database and containers at start-up; in Azure Bicep
 *                         creates them and this is off, so a missing container is a start-up error
 * @param containers       the containers the store serves
 * @param retryPolicy      the retry budget for throttling and passing faults
 * @param endpointDiscovery whether to follow the regional endpoints the account reports (on in Azure,
 *                         for failover); off when the endpoint is reached through a proxy or a port
 *                         mapping, where the account's own idea of its address is unreachable
 */
public record CosmosStoreOptions(URI endpoint, String databaseName, Credential credential, ConnectionMode connectionMode,
        boolean createIfMissing, List<ContainerSpec> containers, RetryPolicy retryPolicy, boolean endpointDiscovery) {

    public CosmosStoreOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(databaseName, "databaseName");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(connectionMode, "connectionMode");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        containers = List.copyOf(containers);
        if (databaseName.isBlank()) {
            throw new IllegalArgumentException("databaseName must not be blank");
        }
    }

    /**
     * Options for Azure: direct mode, containers expected to exist, the default retry policy, endpoint
     * discovery on.
     */
    public static Builder builder(URI endpoint, String databaseName, Credential credential) {
        return new Builder(endpoint, databaseName, credential);
    }

    /** How the store proves who it is. */
    public sealed interface Credential {

        /** Entra ID, for example {@code new DefaultAzureCredentialBuilder().build()}: the way in Azure. */
        record Entra(TokenCredential tokenCredential) implements Credential {
            public Entra {
                Objects.requireNonNull(tokenCredential, "tokenCredential");
            }
        }

        /** An account key: for an emulator only, since the Azure account has local (key) auth disabled. */
        record AccountKey(String key) implements Credential {
            public AccountKey {
                Objects.requireNonNull(key, "key");
                if (key.isBlank()) {
                    throw new IllegalArgumentException("the account key must not be blank");
                }
            }

            @Override
            public String toString() {
                return "AccountKey[redacted]";
            }
        }
    }

    /** Fills in the optional parts; each setter replaces the default named in {@link #builder}. */
    public static final class Builder {
        private final URI endpoint;
        private final String databaseName;
        private final Credential credential;
        private ConnectionMode connectionMode = ConnectionMode.DIRECT;
        private boolean createIfMissing;
        private List<ContainerSpec> containers = List.of();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private boolean endpointDiscovery = true;

        private Builder(URI endpoint, String databaseName, Credential credential) {
            this.endpoint = endpoint;
            this.databaseName = databaseName;
            this.credential = credential;
        }

        public Builder connectionMode(ConnectionMode mode) {
            this.connectionMode = mode;
            return this;
        }

        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        public Builder containers(List<ContainerSpec> specs) {
            this.containers = specs;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder endpointDiscovery(boolean discover) {
            this.endpointDiscovery = discover;
            return this;
        }

        public CosmosStoreOptions build() {
            return new CosmosStoreOptions(endpoint, databaseName, credential, connectionMode, createIfMissing, containers,
                    retryPolicy, endpointDiscovery);
        }
    }
}
