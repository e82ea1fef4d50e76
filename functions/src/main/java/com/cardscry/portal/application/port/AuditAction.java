package com.cardscry.portal.application.port;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an {@link AuditEntry} records. Each action has a stable {@link #code()}, which is what is
 * stored and exported: a code, once written, never changes meaning and is never reused, so entries
 * written years apart read the same. Constants may be renamed; codes may not.
 */
public enum AuditAction {
    /** An account was created by signing up. */
    SIGN_UP("sign-up"),
    /** The account's email address was proved with the code sent to it. */
    EMAIL_VERIFIED("email-verified"),
    /** A verification code was wrong or expired (the attempt count, never the code, goes in the details). */
    EMAIL_VERIFICATION_FAILED("email-verification-failed"),
    /** The owner changed their profile (the changed fields by name go in the details). */
    PROFILE_CHANGED("profile-changed"),
    /** The account was closed by its owner. */
    ACCOUNT_CLOSED("account-closed"),
    /** A session was started. */
    SESSION_STARTED("session-started"),
    /** A session ended: signed out, ended by its owner, expired or ended by a block. */
    SESSION_ENDED("session-ended"),
    /** An admin blocked the account. */
    ACCOUNT_BLOCKED("account-blocked"),
    /** An admin lifted a block. */
    ACCOUNT_UNBLOCKED("account-unblocked"),
    SUBSCRIPTION_REQUESTED("subscription-requested"),
    SUBSCRIPTION_APPROVED("subscription-approved"),
    SUBSCRIPTION_REJECTED("subscription-rejected"),
    SUBSCRIPTION_SUSPENDED("subscription-suspended"),
    SUBSCRIPTION_REACTIVATED("subscription-reactivated"),
    SUBSCRIPTION_CANCELLED("subscription-cancelled"),
    SUBSCRIPTION_EXPIRED("subscription-expired"),
    /** The owner was reminded that the subscription expires soon (which reminder goes in the details, never the address). */
    SUBSCRIPTION_EXPIRY_NOTICE_SENT("subscription-expiry-notice-sent"),
    KEY_ISSUED("key-issued"),
    KEY_ROTATED("key-rotated"),
    KEY_REVOKED("key-revoked"),
    /** A privacy request was received (its id and type, and for a correction the fields by name, never the values or the note). */
    PRIVACY_REQUEST_RECEIVED("privacy-request-received"),
    /** An admin extended a privacy request's deadline (its id and the new due date; the reason stays on the request). */
    PRIVACY_REQUEST_EXTENDED("privacy-request-extended"),
    /** A privacy request was carried out to its end (its id and type, for a correction the changed fields by name). */
    PRIVACY_REQUEST_COMPLETED("privacy-request-completed"),
    /** A privacy request could not be carried out as asked (a correction to an address in use); the reason category goes in the details. */
    PRIVACY_REQUEST_REJECTED("privacy-request-rejected"),
    /** A privacy request kept failing and was marked failed; an operator was alerted. */
    PRIVACY_REQUEST_FAILED("privacy-request-failed"),
    /** An administrator resumed a failed privacy request. */
    PRIVACY_REQUEST_RETRIED("privacy-request-retried"),
    /**
     * A privacy request came through the form (no sign-in) and its code was entered: the proof behind it
     * is control of the account's verified address (the form's and the request's ids, never the address).
     */
    PRIVACY_FORM_CONFIRMED("privacy-form-confirmed"),
    /** A retention purge run ended (how many records of each category it removed; never which). */
    RETENTION_PURGE_RUN("retention-purge-run"),
    /** An admin placed (or changed) a legal hold on the account (its end date; the reason stays on the hold). */
    LEGAL_HOLD_PLACED("legal-hold-placed"),
    /** An admin lifted the account's legal hold. */
    LEGAL_HOLD_LIFTED("legal-hold-lifted");

    private static final Map<String, AuditAction> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AuditAction::code, Function.identity()));

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    /** The stable code stored for this action: lowercase words joined by hyphens. */
    public String code() {
        return code;
    }

    /** The action with this stored code; empty for a code this version does not know. */
    public static Optional<AuditAction> fromCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
