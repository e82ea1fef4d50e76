package com.cardscry.portal.adapters.cosmos;

import java.time.Duration;

/**
 * The store's one connection to a Cosmos account and database: item operations per container, a
 * cheap liveness probe, and closing. {@link SdkCosmosAccount} is the real one.
 */
interface CosmosAccount extends AutoCloseable {

    CosmosItems items(String container);

    /** Reads the database's properties, failing if that takes longer than {@code timeout}. */
    void probe(Duration timeout);

    @Override
    void close();
}
