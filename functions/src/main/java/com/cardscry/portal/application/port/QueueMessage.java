package com.cardscry.portal.application.port;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A message received from a {@link MessageQueue}, invisible to other receivers until its visibility
 * timeout ends.
 *
 * <p>On the wire a message is Base64 of its UTF-8 text, as the Azure Functions queue trigger expects
 * ({@link #encode}); {@link #text()} decodes it and is empty when somebody put a message on the queue
 * that is not Base64 (a poison message by definition).
 *
 * @param id           stable for the life of the message
 * @param popReceipt   proof of this receipt; needed to delete or release, invalidated by the next receipt
 * @param wireContent  the content exactly as stored
 * @param dequeueCount how many times the message has been received, this time included (so 1 or more)
 * @param insertedAt   when the message was first accepted
 * @param visibleAgainAt when the message reappears unless deleted first
 */
public record QueueMessage(String id, String popReceipt, String wireContent, long dequeueCount,
                           Instant insertedAt, Instant visibleAgainAt) {

    public QueueMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(popReceipt, "popReceipt");
        Objects.requireNonNull(wireContent, "wireContent");
        Objects.requireNonNull(insertedAt, "insertedAt");
        Objects.requireNonNull(visibleAgainAt, "visibleAgainAt");
    }

    /** The message text, or empty when the wire content is not Base64 of UTF-8 text. */
    public Optional<String> text() {
        return decode(wireContent);
    }

    public static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<String> decode(String wireContent) {
        try {
            byte[] bytes = Base64.getDecoder().decode(wireContent.strip());
            var decoder = StandardCharsets.UTF_8.newDecoder();
            return Optional.of(decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException notBase64Text) {
            return Optional.empty();
        }
    }
}
