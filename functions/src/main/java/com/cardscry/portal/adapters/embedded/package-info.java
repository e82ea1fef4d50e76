/**
 * The embedded implementations of local mode, on H2 MVStore. {@link
 * com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore} is the {@code DocumentStore} with
 * Cosmos semantics (containers, partition keys, ETags, ttl) in one file.
 *
 * <p>Promises of the document store:
 * <ul>
 *   <li><b>Persistence.</b> Every accepted write is committed to the file before the call returns, so
 *       it survives a restart of the process (not necessarily a crash of the operating system). One
 *       process holds the file at a time; a second one is refused with a message naming the file.</li>
 *   <li><b>Concurrency.</b> Thread-safe. Point operations are O(log n); a query reads only its own
 *       partition. Writes are serialised and exclude reads while they commit, so a conditional write's
 *       ETag check and the write itself are one step (of writers holding the same ETag exactly one
 *       succeeds) and the file reuses freed space at once: it stays near the size of the live data. Callers must not interrupt a
 *       thread inside a store call: the interrupt closes the file, and the store then answers
 *       {@code StoreUnavailableException} until it is reopened.</li>
 *   <li><b>Time to live.</b> A document expires {@code ttl} seconds after the second of its last
 *       write (Cosmos {@code _ts}), by the {@code Clock} the store was given. From that instant it is
 *       missing for reads, queries and conditional writes. It is physically removed later, by
 *       {@code removeExpired} or the background sweep (every 30 s, bounded per run), which find
 *       expired documents through an index ordered by expiry time and never scan.</li>
 *   <li><b>Stored form.</b> A document is kept as the JSON text Cosmos would hold, including its
 *       partition key field; reading it back yields values equal to those written.</li>
 *   <li><b>Faults.</b> Once the store is closed or its file fails, every operation throws
 *       {@code StoreUnavailableException} and the health check reports down.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.embedded;
