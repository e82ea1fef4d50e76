package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.NotificationKind;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /privacy-requests/form}: someone who cannot or will not sign in asks for access to or
 * deletion of the data held about an email address. Nothing is decided here about accounts: the
 * submission is stored with the address's blind-index key and a code goes to the address, exactly the
 * same way whether or not an account has it, so the answer (and the work behind it) tells the sender
 * nothing. Only the person who reads that mailbox can confirm ({@link ConfirmPrivacyForm}); the mail
 * also carries the link to follow the request ({@link FollowPrivacyForm}).
 *
 * <p>A correction is not taken: the portal's corrections are the display name and the address, which
 * the account holder changes signed in, and an address changed on the strength of the old address
 * alone would hand the account to whoever reads that mailbox.
 */
public final class SubmitPrivacyForm {

    /** What the form sends. */
    public record Command(String email, String type, Optional<String> details) {
        @Override
        public String toString() {
            return "SubmitPrivacyForm.Command[type=" + type + ", details=" + details.isPresent() + "]";
        }
    }

    /** The stored submission's id: the id of the request it will make. */
    public record Received(String formId) {
        public Received {
            Objects.requireNonNull(formId, "formId");
        }
    }

    private final PrivacyFormRecords forms;
    private final AccountRecords accounts;
    private final PrivacyFormKeys keys;
    private final PrivacyFormLimits limits;
    private final Notifier notifier;
    private final Clock clock;

    public SubmitPrivacyForm(PrivacyFormRecords forms, AccountRecords accounts, PrivacyFormKeys keys, PrivacyFormLimits limits,
                             Notifier notifier, Clock clock) {
        this.forms = Objects.requireNonNull(forms, "forms");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param clientAddress the address the request is rate-limited by, if the request had a usable one */
    public Outcome<Received> handle(Optional<String> clientAddress, Command command) {
        Optional<EmailAddress> email = Optional.ofNullable(command.email()).flatMap(EmailAddress::parse);
        if (email.isEmpty()) {
            return invalid("/email", "The email address is not valid.");
        }
        Optional<PrivacyRequestType> type = Optional.ofNullable(command.type()).flatMap(PrivacyRequestType::fromCode);
        if (type.isEmpty() || type.get() == PrivacyRequestType.CORRECTION) {
            return invalid("/type", "The form takes access and deletion requests; to correct your name or address, "
                    + "sign in and change your profile.");
        }
        Optional<String> details = command.details().map(String::strip).filter(text -> !text.isEmpty());
        if (details.filter(text -> text.length() > PrivacyRequest.MAX_NOTE_LENGTH).isPresent()) {
            return invalid("/details", "The details may have at most " + PrivacyRequest.MAX_NOTE_LENGTH + " characters.");
        }
        Optional<Problem> limited = limits.checkSubmission(clientAddress, email.get());
        if (limited.isPresent()) {
            return Outcome.refused(limited.get());
        }
        return Outcome.done(receive(email.get(), type.get(), details));
    }

    /** The same work for every address: store the submission, then send the code and the link to it. */
    private Received receive(EmailAddress email, PrivacyRequestType type, Optional<String> details) {
        Instant now = clock.now();
        String formId = UUID.randomUUID().toString();
        String code = keys.newCode();
        String token = keys.newToken();
        PrivacyFormSubmission submission = PrivacyFormSubmission.received(formId, type, details, now, keys.tokenHash(token),
                keys.codeHash(formId, code), accounts.emailIndexKey(email));
        if (!forms.create(submission).isWritten()) {
            throw new IllegalStateException("a new privacy form submission could not be stored");
        }
        notifier.send(new Notification(email.value(), NotificationKind.PRIVACY_REQUEST_CODE, Map.of(
                "code", code, "expiresAt", submission.codeExpiresAt().toString(), "requestId", formId, "followToken", token),
                "privacy-form:" + formId));
        return new Received(formId);
    }

    private static Outcome<Received> invalid(String pointer, String detail) {
        return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, pointer, detail));
    }
}
