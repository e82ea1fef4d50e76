/**
 * Queue triggers of the local host: messages delivered to queue functions with the Functions host's
 * semantics (Base64 wire content, dequeue count, visibility timeout, {@code maxDequeueCount} from
 * {@code host.json}, then the {@code -poison} queue), binding metadata and {@code @QueueOutput}
 * bindings sent only on success. Works against the {@code MessageQueue} port; what the port cannot
 * express (raw wire content, arrival wake-ups) comes in through two small interfaces here.
 *
 * <p>Entry point: {@link com.cardscry.portal.local.queue.QueueDispatcher}.
 */
package com.cardscry.portal.local.queue;
