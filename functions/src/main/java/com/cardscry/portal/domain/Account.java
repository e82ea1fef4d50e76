package com.cardscry.portal.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A developer's account: who they are in Entra ID ({@code tenantId} + {@code objectId}, never the
 * email), what they told us (display name, email), what they agreed to, and where the account is in
 * its life ({@link AccountState}). Every change returns a new account; the rules live here.
 *
 * @param id               the portal's own random id: the partition key of all the account's data,
 *                         and what URLs and other records use (it reveals nothing about the person)
 * @param tenantId         Entra ID tenant ({@code tid})
 * @param objectId         Entra ID object id within the tenant ({@code oid})
 * @param displayName      how the portal addresses the user
 * @param email            the account's address; verified once {@code emailVerified} is true
 * @param emailVerified    whether {@code email} was proved with a code
 * @param state            where the account is in its life
 * @param stateBeforeBlock while blocked, the state to return to on unblock
 * @param moderationReason the reason an administrator gave for the latest block or unblock
 * @param consent          the terms and privacy policy versions accepted
 * @param challenge        the open email verification, if any (sign-up or address change)
 * @param createdAt        when the account was made
 * @param updatedAt        when it last changed
 */
public record Account(
        String id,
        String tenantId,
        String objectId,
        String displayName,
        EmailAddress email,
        boolean emailVerified,
        AccountState state,
        Optional<AccountState> stateBeforeBlock,
        Optional<String> moderationReason,
        Consent consent,
        Optional<EmailChallenge> challenge,
        Instant createdAt,
        Instant updatedAt) {

    public static final int MAX_DISPLAY_NAME_LENGTH = 100;
    public static final int MAX_MODERATION_REASON_LENGTH = 500;
    private static final Pattern DIRECTORY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public Account {
        Objects.requireNonNull(id, "id");
        requireDirectoryId(tenantId, "tenantId");
        requireDirectoryId(objectId, "objectId");
        displayName = requireDisplayName(displayName);
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateBeforeBlock, "stateBeforeBlock");
        Objects.requireNonNull(moderationReason, "moderationReason");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if ((state == AccountState.BLOCKED) != stateBeforeBlock.isPresent()) {
            throw new IllegalArgumentException("a blocked account, and only a blocked one, remembers its state before the block");
        }
    }

    /** A new account, pending until the code sent to {@code email} is entered. */
    public static Account signUp(String id, String tenantId, String objectId, String displayName, EmailAddress email,
                                 Consent consent, EmailChallenge challenge, Instant now) {
        return new Account(id, tenantId, objectId, displayName, email, false, AccountState.PENDING,
                Optional.empty(), Optional.empty(), consent, Optional.of(challenge), now, now);
    }

    /**
     * The display name as stored: stripped of surrounding white space, 1 to
     * {@value #MAX_DISPLAY_NAME_LENGTH} characters, no control characters (line breaks included).
     *
     * @throws IllegalArgumentException when the name breaks those rules
     */
    public static String requireDisplayName(String displayName) {
        Objects.requireNonNull(displayName, "displayName");
        String stripped = displayName.strip();
        if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_DISPLAY_NAME_LENGTH) {
            throw new IllegalArgumentException("display name must be 1 to " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        if (stripped.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT && c != 0x200D)) {
            throw new IllegalArgumentException("display name must not contain control or formatting characters");
        }
        return stripped;
    }

    /** Whether the account may use the portal beyond reading its profile and its privacy requests. */
    public boolean isUsable() {
        return state == AccountState.PENDING || state == AccountState.ACTIVE;
    }

    /** A new code for the open challenge, or a first challenge for {@code address}. */
    public Account withChallenge(EmailChallenge newChallenge, Instant now) {
        return copy(displayName, email, emailVerified, state, stateBeforeBlock, moderationReason, consent, Optional.of(newChallenge), now);
    }

    /**
     * The outcome of entering a code: on success the challenged address becomes the account's
     * verified address and a pending account becomes active; on failure the attempt is counted.
     */
    public Account afterCodeEntered(boolean correct, Instant now) {
        EmailChallenge open = challenge.orElseThrow(() -> new IllegalStateException("no open challenge"));
        if (!correct) {
            return copy(displayName, email, emailVerified, state, stateBeforeBlock, moderationReason, consent,
                    Optional.of(open.withFailedAttempt()), now);
        }
        AccountState next = state == AccountState.PENDING ? AccountState.ACTIVE : state;
        return copy(displayName, open.email(), true, next, stateBeforeBlock, moderationReason, consent, Optional.empty(), now);
    }

    public Account withDisplayName(String newName, Instant now) {
        return copy(newName, email, emailVerified, state, stateBeforeBlock, moderationReason, consent, challenge, now);
    }

    public Account withConsent(Consent newConsent, Instant now) {
        return copy(displayName, email, emailVerified, state, stateBeforeBlock, moderationReason, newConsent, challenge, now);
    }

    /** Blocked by an administrator; blocking a blocked account only updates the reason. */
    public Account blocked(String reason, Instant now) {
        if (state == AccountState.CLOSING || state == AccountState.CLOSED) {
            throw new IllegalStateException("a " + state.code() + " account cannot be blocked");
        }
        Objects.requireNonNull(reason, "reason");
        AccountState before = state == AccountState.BLOCKED ? stateBeforeBlock.orElseThrow() : state;
        return copy(displayName, email, emailVerified, AccountState.BLOCKED, Optional.of(before), Optional.of(reason), consent, challenge, now);
    }

    /** Back to the state it was blocked in; an account that is not blocked is returned unchanged. */
    public Account unblocked(String reason, Instant now) {
        if (state != AccountState.BLOCKED) {
            return this;
        }
        Objects.requireNonNull(reason, "reason");
        return copy(displayName, email, emailVerified, stateBeforeBlock.orElseThrow(), Optional.empty(), Optional.of(reason), consent, challenge, now);
    }

    /** Closed by the user: erasure follows. Closing a closing account returns it unchanged. */
    public Account closing(Instant now) {
        return switch (state) {
            case CLOSING -> this;
            case PENDING, ACTIVE -> copy(displayName, email, emailVerified, AccountState.CLOSING, Optional.empty(),
                    moderationReason, consent, Optional.empty(), now);
            case BLOCKED, CLOSED -> throw new IllegalStateException("a " + state.code() + " account cannot be closed by its user");
        };
    }

    private Account copy(String newDisplayName, EmailAddress newEmail, boolean newEmailVerified, AccountState newState,
                         Optional<AccountState> newStateBeforeBlock, Optional<String> newBlockReason, Consent newConsent,
                         Optional<EmailChallenge> newChallenge, Instant now) {
        return new Account(id, tenantId, objectId, newDisplayName, newEmail, newEmailVerified, newState, newStateBeforeBlock,
                newBlockReason, newConsent, newChallenge, createdAt, now.isAfter(updatedAt) ? now : updatedAt);
    }

    private static void requireDirectoryId(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!DIRECTORY_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits or hyphens");
        }
    }

    /** Leaves out name, email and moderation reason: an account in a log line shows only ids and state. */
    @Override
    public String toString() {
        return "Account[id=" + id + ", state=" + state.code() + "]";
    }
}
