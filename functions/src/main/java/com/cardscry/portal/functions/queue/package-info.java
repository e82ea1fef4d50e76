/**
 * Queue-triggered functions: each parses its message and hands it to one use case. A message that
 * cannot be parsed is logged by its id only and acknowledged; an exception from the use case fails
 * the delivery, so the host delivers it again and, after {@code maxDequeueCount}, moves it to the
 * {@code -poison} queue.
 */
package com.cardscry.portal.functions.queue;
