/**
 * The document store on Azure Cosmos DB for NoSQL, through the official SDK ({@code azure-cosmos}).
 * {@link com.cardscry.portal.adapters.cosmos.CosmosDocumentStore#open} takes
 * {@link com.cardscry.portal.adapters.cosmos.CosmosStoreOptions} and holds the process's one Cosmos
 * client; the composition root opens one store and closes it at shutdown.
 *
 * <p>Promises of the store, beyond the {@code DocumentStore} contract:
 * <ul>
 *   <li><b>Requests.</b> Reads are point reads; a query is one single-partition SQL query with its
 *       values as parameters, ordered by id and paged by the SDK's continuation. Nothing depends on
 *       OFFSET/LIMIT, DISTINCT, GROUP BY or the change feed.</li>
 *   <li><b>Outcomes.</b> 404, 409 and 412 are the port's {@code NOT_FOUND} / empty read,
 *       {@code ALREADY_EXISTS} and {@code CONFLICT}. A write retried after an attempt that got no
 *       answer, and then refused because of its own earlier effect, is reported as done
 *       ({@code WRITTEN} when the stored document is exactly the one written, {@code DELETED} when a
 *       delete finds nothing left): an accepted write is never reported as failed.</li>
 *   <li><b>Faults.</b> 429, 449, 503, 408 and a missing answer are retried under the
 *       {@link com.cardscry.portal.adapters.cosmos.RetryPolicy}, waiting at least the server's
 *       retry-after; what still fails, and any other status, is a {@code StoreUnavailableException}
 *       (413, a document too large, is an {@code IllegalArgumentException}). No SDK exception leaves
 *       the package, not even as a cause: its diagnostics name resources.</li>
 *   <li><b>Time to live.</b> A document's own ttl is written as the item's {@code ttl}; containers are
 *       created with the spec's default TTL, or -1 (on, no default). Cosmos hides expired items
 *       itself, by its own clock, so the store does not filter them.</li>
 *   <li><b>Request charges.</b> Every operation's charge is logged at debug level (operation,
 *       container, RU; never ids or content) and counted per operation, see
 *       {@link com.cardscry.portal.adapters.cosmos.CosmosDocumentStore#requestCharges()}.</li>
 *   <li><b>Start-up.</b> Containers are created only when the options allow it; otherwise a missing
 *       container, one partitioned differently or one with time-to-live off stops start-up with a
 *       message naming it.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.cosmos;
