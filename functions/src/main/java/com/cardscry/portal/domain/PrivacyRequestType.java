package com.cardscry.portal.domain;

import java.util.List;

/**
 * What a data subject asks for (GDPR Art. 15 to 17), and the steps that carry it out, in order. The
 * worker does one step at a time and records it before the next, so a request interrupted anywhere
 * resumes at the first step not recorded; each step must therefore be safe to do twice.
 */
public enum PrivacyRequestType {

    /** Art. 15: a copy of everything held about the person, with the information the article requires. */
    ACCESS(List.of(PrivacyStep.WRITE_EXPORT)),

    /** Art. 16: the display name and the email address corrected (a new address is verified first). */
    CORRECTION(List.of(PrivacyStep.APPLY_CORRECTION)),

    /**
     * Art. 17: the account erased. Keys stop working first, so nothing the person holds works while the
     * rest goes; records kept for billing are pseudonymised, not deleted; the receipt comes last.
     */
    DELETION(List.of(PrivacyStep.STOP_KEYS, PrivacyStep.END_SESSIONS, PrivacyStep.CANCEL_SUBSCRIPTIONS,
            PrivacyStep.DELETE_KEY_METADATA, PrivacyStep.DELETE_USAGE, PrivacyStep.DELETE_SESSIONS,
            PrivacyStep.DELETE_EXPORTS, PrivacyStep.PSEUDONYMISE_RECORDS, PrivacyStep.DELETE_INDEXES,
            PrivacyStep.DELETE_PROFILE));

    private final List<PrivacyStep> steps;

    PrivacyRequestType(List<PrivacyStep> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The steps that carry the request out, in the order they run. */
    public List<PrivacyStep> steps() {
        return steps;
    }

    /** The lower-case name the API uses. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type whose {@link #code()} this is. */
    public static java.util.Optional<PrivacyRequestType> fromCode(String code) {
        for (PrivacyRequestType type : values()) {
            if (type.code().equals(code)) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
