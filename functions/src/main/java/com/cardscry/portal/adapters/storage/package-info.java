/**
 * Azure Storage adapters on the official SDKs: {@link com.cardscry.portal.adapters.storage.StorageMessageQueue}
 * (the {@code MessageQueue} on Storage queues) and {@link com.cardscry.portal.adapters.storage.BlobExportStore}
 * (the {@code ExportStore} on Blob Storage). Both pass their port's contract suite against Azurite.
 *
 * <p>Promises:
 * <ul>
 *   <li><b>Credentials.</b> Each adapter is built either from a connection string (Azurite, local
 *       setups) or from an endpoint and an Entra ID {@code TokenCredential} (Azure: no account key).</li>
 *   <li><b>Wire format.</b> Queue messages are Base64 of their UTF-8 text, as the Functions queue
 *       trigger expects; content that is not Base64 is received intact, without text.</li>
 *   <li><b>Faults.</b> Every client retries with the bounded exponential policy of {@code StorageRetry}
 *       (dropped connections, timeouts, 408/429/500/502/503/504); what still fails is a
 *       {@code StoreUnavailableException}. A retried send can store a message twice, never lose it.</li>
 *   <li><b>Clients.</b> One instance per process; thread-safe. Queues and (when allowed) the export
 *       container are created on first use.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.storage;
