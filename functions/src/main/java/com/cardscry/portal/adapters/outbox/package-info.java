/**
 * Notifiers: where the portal's notifications (email verification codes) go.
 * {@link com.cardscry.portal.adapters.outbox.LocalOutboxNotifier} writes them as files into the data
 * folder's outbox in local mode; {@link com.cardscry.portal.adapters.outbox.QueueNotifier} puts them
 * on the {@code notifications} queue for a mail sender outside this app. Both use the one JSON shape
 * of {@code docs/notifications.md}.
 *
 * <p>Promises:
 * <ul>
 *   <li><b>Durable once accepted.</b> {@code send} returns after the file is in place or the queue
 *       has accepted the message; otherwise it throws {@code StoreUnavailableException}.</li>
 *   <li><b>Once per idempotency key where possible.</b> The outbox keeps one file per key; the queue
 *       carries the key for the sender to drop repeats.</li>
 *   <li><b>Nothing personal in logs.</b> A log line names at most the kind of a notification, never
 *       its address, values or key; nor does an exception message.</li>
 *   <li><b>Owner-only files.</b> Outbox files and their folder are readable by their owner only, from
 *       their creation; a file is never seen half-written.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.outbox;
