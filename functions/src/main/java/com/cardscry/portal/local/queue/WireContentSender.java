package com.cardscry.portal.local.queue;

/**
 * Puts content on a queue exactly as given, not Base64-encoded: how a message moves to the
 * {@code -poison} queue with its original wire content, even when that content is not Base64 (which
 * {@link com.cardscry.portal.application.port.MessageQueue#send} cannot express). The embedded queue
 * offers it ({@code embeddedQueue::sendWireContent}).
 */
@FunctionalInterface
public interface WireContentSender {

    /** Accepts {@code wireContent} as a message of {@code queue}; returns its id. */
    String sendWireContent(String queue, String wireContent);
}
