package com.cardscry.portal.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data subject's request (access, correction or deletion) on its legal clock, and how far it has
 * been carried out. Every change returns a new request; the worker records each {@link PrivacyStep}
 * with {@link #stepDone} before it starts the next, so that the request is its own checkpoint.
 *
 * @param id          the request's random id (what the requester follows it by)
 * @param accountId   the account it is about (its partition); for a request made through the form by
 *                    someone without an account, the request's own id
 * @param type        what is asked
 * @param status      where it is
 * @param receivedAt  when it was received (confirmed, for a form request): the legal clock starts here
 * @param dueAt       when the answer is due: one calendar month after receipt, three once extended
 * @param extension   the one extension, if an administrator granted it
 * @param stepsDone   how many of {@link PrivacyRequestType#steps()} are done
 * @param correction  for a correction: the changes asked for (empty once erased with the account, see
 *                    {@link #withRequesterTextErased})
 * @param note        what the requester wrote, if anything
 * @param outcome     why it failed or was rejected, in words for the requester (never personal data)
 * @param history     what happened to it, oldest first
 */
public record PrivacyRequest(
        String id,
        String accountId,
        PrivacyRequestType type,
        PrivacyRequestStatus status,
        Instant receivedAt,
        Instant dueAt,
        Optional<Extension> extension,
        int stepsDone,
        Optional<Correction> correction,
        Optional<String> note,
        Optional<String> outcome,
        List<Event> history) {

    public static final int MAX_NOTE_LENGTH = 2000;
    public static final int MAX_REASON_LENGTH = 500;

    /** The one extension of the deadline: why (shown to the requester) and when it was granted. */
    public record Extension(String reason, Instant grantedAt) {
        public Extension {
            requireText(reason, "reason", MAX_REASON_LENGTH);
            Objects.requireNonNull(grantedAt, "grantedAt");
        }
    }

    /** The changes a correction asks for; at least one. */
    public record Correction(Optional<String> displayName, Optional<EmailAddress> email) {
        public Correction {
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(email, "email");
            if (displayName.isEmpty() && email.isEmpty()) {
                throw new IllegalArgumentException("a correction changes the display name, the email address, or both");
            }
        }

        /** The names of the fields it changes, for the audit log (never their values). */
        public List<String> fields() {
            List<String> fields = new ArrayList<>();
            displayName.ifPresent(name -> fields.add("displayName"));
            email.ifPresent(address -> fields.add("email"));
            return List.copyOf(fields);
        }

        @Override
        public String toString() {
            return "Correction" + fields();
        }
    }

    /** One line of the history: when, what ({@code received}, {@code step:write-export}, ...), and an optional detail. */
    public record Event(Instant at, String what, Optional<String> detail) {
        /** The detail of a step that a legal hold kept from being done, before the hold's last day. */
        private static final String HELD_UNTIL = "kept under a legal hold until ";

        public Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(detail, "detail");
        }

        /** For a step recorded by {@link #stepHeld}: the last day of the legal hold that kept it from being done. */
        public Optional<LocalDate> heldUntil() {
            return detail.filter(text -> what.startsWith("step:") && text.startsWith(HELD_UNTIL)).flatMap(text -> {
                try {
                    return Optional.of(LocalDate.parse(text.substring(HELD_UNTIL.length())));
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            });
        }
    }

    public PrivacyRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(correction, "correction");
        note = Objects.requireNonNull(note, "note").map(text -> requireText(text, "note", MAX_NOTE_LENGTH));
        Objects.requireNonNull(outcome, "outcome");
        history = List.copyOf(Objects.requireNonNull(history, "history"));
        if (stepsDone < 0 || stepsDone > type.steps().size()) {
            throw new IllegalArgumentException("stepsDone must be 0 to " + type.steps().size() + ": " + stepsDone);
        }
        if (type != PrivacyRequestType.CORRECTION && correction.isPresent()) {
            throw new IllegalArgumentException("only a correction request carries changes");
        }
    }

    /** A new request, received now and due one calendar month from now. */
    public static PrivacyRequest received(String id, String accountId, PrivacyRequestType type, Optional<Correction> correction,
                                          Optional<String> note, Instant now) {
        if ((type == PrivacyRequestType.CORRECTION) != correction.isPresent()) {
            throw new IllegalArgumentException("a correction request, and only one, carries the changes asked for");
        }
        return new PrivacyRequest(id, accountId, type, PrivacyRequestStatus.RECEIVED, now, PrivacyDeadline.dueAfter(now),
                Optional.empty(), 0, correction, note, Optional.empty(), List.of(new Event(now, "received", Optional.empty())));
    }

    /** The step to do next, if any. */
    public Optional<PrivacyStep> nextStep() {
        if (status == PrivacyRequestStatus.COMPLETED || status == PrivacyRequestStatus.REJECTED || stepsDone == type.steps().size()) {
            return Optional.empty();
        }
        return Optional.of(type.steps().get(stepsDone));
    }

    /**
     * Records {@code step} as done; the last step completes the request.
     *
     * @throws IllegalStateException if {@code step} is not the {@link #nextStep()} or the request is failed
     */
    public PrivacyRequest stepDone(PrivacyStep step, Instant now) {
        if (status == PrivacyRequestStatus.FAILED || !nextStep().equals(Optional.of(step))) {
            throw new IllegalStateException(step + " is not the next step of a " + status.code() + " request");
        }
        int done = stepsDone + 1;
        boolean last = done == type.steps().size();
        List<Event> events = with(new Event(now, "step:" + step.code(), Optional.empty()));
        if (last) {
            events = append(events, new Event(now, "completed", Optional.empty()));
        }
        return new PrivacyRequest(id, accountId, type, last ? PrivacyRequestStatus.COMPLETED : PrivacyRequestStatus.IN_PROGRESS,
                receivedAt, dueAt, extension, done, correction, note, outcome, events);
    }

    /**
     * Records {@code step} as passed over because a legal hold on the account keeps what it would
     * erase (GDPR Art. 17(3)(e)) until {@code heldUntil}, its last day; the request goes on as after
     * {@link #stepDone}, and its history says what was held and until when.
     *
     * @throws IllegalStateException as {@link #stepDone}
     */
    public PrivacyRequest stepHeld(PrivacyStep step, LocalDate heldUntil, Instant now) {
        Objects.requireNonNull(heldUntil, "heldUntil");
        PrivacyRequest done = stepDone(step, now);
        List<Event> events = new ArrayList<>(done.history);
        int stepEvent = history.size();
        events.set(stepEvent, new Event(now, "step:" + step.code(), Optional.of(Event.HELD_UNTIL + heldUntil)));
        return new PrivacyRequest(id, accountId, type, done.status, receivedAt, dueAt, extension, done.stepsDone, correction, note,
                outcome, events);
    }

    /** Failed at its next step, for {@code reason} (for the requester and operators; no personal data). */
    public PrivacyRequest failed(String reason, Instant now) {
        requireOpen("fail");
        return new PrivacyRequest(id, accountId, type, PrivacyRequestStatus.FAILED, receivedAt, dueAt, extension, stepsDone,
                correction, note, Optional.of(requireText(reason, "reason", MAX_REASON_LENGTH)),
                with(new Event(now, "failed", Optional.of(reason))));
    }

    /** Resumed after a failure, at the step that failed. */
    public PrivacyRequest retried(Instant now) {
        if (status != PrivacyRequestStatus.FAILED) {
            throw new IllegalStateException("only a failed request is retried, not a " + status.code() + " one");
        }
        return new PrivacyRequest(id, accountId, type, stepsDone == 0 ? PrivacyRequestStatus.RECEIVED : PrivacyRequestStatus.IN_PROGRESS,
                receivedAt, dueAt, extension, stepsDone, correction, note, Optional.empty(), with(new Event(now, "retried", Optional.empty())));
    }

    /** Not carried out, for {@code reason} (a correction whose values cannot be applied). */
    public PrivacyRequest rejected(String reason, Instant now) {
        requireOpen("reject");
        return new PrivacyRequest(id, accountId, type, PrivacyRequestStatus.REJECTED, receivedAt, dueAt, extension, stepsDone,
                correction, note, Optional.of(requireText(reason, "reason", MAX_REASON_LENGTH)),
                with(new Event(now, "rejected", Optional.of(reason))));
    }

    /**
     * The request without what the requester wrote: the note, and a correction's values. An erasure
     * keeps the account's requests as proof they were answered, but not the person's own words (which
     * may name them). Erasing an erased request returns it unchanged.
     */
    public PrivacyRequest withRequesterTextErased(Instant now) {
        if (!hasRequesterText()) {
            return this;
        }
        return new PrivacyRequest(id, accountId, type, status, receivedAt, dueAt, extension, stepsDone, Optional.empty(),
                Optional.empty(), outcome, with(new Event(now, "requester-text-erased", Optional.empty())));
    }

    /** Whether it still holds a note or a correction's values. */
    public boolean hasRequesterText() {
        return note.isPresent() || correction.isPresent();
    }

    /** Whether the deadline may still be extended at {@code now}: once, while open, before the original due date. */
    public boolean canBeExtendedAt(Instant now) {
        return extension.isEmpty() && status.isOpen() && now.isBefore(dueAt);
    }

    /**
     * The deadline extended by two months, for {@code reason}, which the requester sees.
     *
     * @throws IllegalStateException unless {@link #canBeExtendedAt} {@code now}
     */
    public PrivacyRequest extended(String reason, Instant now) {
        if (!canBeExtendedAt(now)) {
            throw new IllegalStateException("a deadline is extended once, while the request is open, before it is due");
        }
        return new PrivacyRequest(id, accountId, type, status, receivedAt, PrivacyDeadline.extendedDueAfter(receivedAt),
                Optional.of(new Extension(reason, now)), stepsDone, correction, note, outcome,
                with(new Event(now, "extended", Optional.of(reason))));
    }

    /** Open and past its due date at {@code now}. */
    public boolean isOverdueAt(Instant now) {
        return status.isOpen() && !now.isBefore(dueAt);
    }

    private void requireOpen(String action) {
        if (!status.isOpen()) {
            throw new IllegalStateException("cannot " + action + " a " + status.code() + " request");
        }
    }

    private List<Event> with(Event event) {
        return append(history, event);
    }

    private static List<Event> append(List<Event> events, Event event) {
        List<Event> more = new ArrayList<>(events);
        more.add(event);
        return List.copyOf(more);
    }

    private static String requireText(String text, String what, int maxLength) {
        Objects.requireNonNull(text, what);
        if (text.isBlank() || text.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be 1 to " + maxLength + " characters and not blank");
        }
        return text;
    }

    /** The type, status and progress only: a note or correction is the requester's own words. */
    @Override
    public String toString() {
        return "PrivacyRequest[" + id + ", " + type.code() + ", " + status.code() + ", steps " + stepsDone + "/" + type.steps().size() + "]";
    }
}
