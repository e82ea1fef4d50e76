package com.cardscry.portal.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Which versions of the terms of service and of the privacy policy the user accepted, and when: the
 * record of consent a data protection authority may ask for.
 */
public record Consent(String termsVersion, Instant termsAcceptedAt, String privacyPolicyVersion, Instant privacyPolicyAcceptedAt) {

    public Consent {
        requireVersion(termsVersion, "termsVersion");
        Objects.requireNonNull(termsAcceptedAt, "termsAcceptedAt");
        requireVersion(privacyPolicyVersion, "privacyPolicyVersion");
        Objects.requireNonNull(privacyPolicyAcceptedAt, "privacyPolicyAcceptedAt");
    }

    public static Consent acceptedAt(String termsVersion, String privacyPolicyVersion, Instant at) {
        return new Consent(termsVersion, at, privacyPolicyVersion, at);
    }

    /** Whether the user still has to accept a newer version of either document. */
    public boolean isOutdated(String currentTermsVersion, String currentPrivacyPolicyVersion) {
        return !termsVersion.equals(currentTermsVersion) || !privacyPolicyVersion.equals(currentPrivacyPolicyVersion);
    }

    public Consent withTerms(String version, Instant at) {
        return version.equals(termsVersion) ? this : new Consent(version, at, privacyPolicyVersion, privacyPolicyAcceptedAt);
    }

    public Consent withPrivacyPolicy(String version, Instant at) {
        return version.equals(privacyPolicyVersion) ? this : new Consent(termsVersion, termsAcceptedAt, version, at);
    }

    private static void requireVersion(String version, String what) {
        Objects.requireNonNull(version, what);
        if (version.isBlank() || version.length() > 64) {
            throw new IllegalArgumentException(what + " must be 1 to 64 characters");
        }
    }
}
