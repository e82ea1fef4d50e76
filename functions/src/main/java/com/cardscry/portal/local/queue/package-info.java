/**
 * Queue triggers of the local host: messages delivered to queue functions with the Functions host's
 * semantics (Base64 wire content, dequeue count, visibility timeout, {@code maxDequeueCount} from
 * {@code host.json}, then the {@code -poison} queue), binding metadata and {@code @QueueOutput}
 * bindings sent only on success. Works against the {@code MessageQueue} port alone, so the same
 * dispatcher serves the embedded queue and Azure Storage queues.
 *
 * <p>Entry point: {@link com.cardscry.portal.local.queue.QueueDispatcher}.
 */
package com.cardscry.portal.local.queue;
