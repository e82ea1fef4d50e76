package com.cardscry.portal.application.accounts;

import java.time.Duration;
import java.util.Objects;

/**
 * The account rules the operator sets: which terms and privacy policy versions are current (a change
 * makes every user re-accept), and how long sessions last.
 *
 * @param termsVersion          the terms of service version users must have accepted
 * @param privacyPolicyVersion  the privacy policy version users must have accepted
 * @param sessionIdleTimeout    a session unused this long ends
 * @param sessionLifetime       a session ends this long after it started, however active
 */
public record AccountPolicy(String termsVersion, String privacyPolicyVersion, Duration sessionIdleTimeout, Duration sessionLifetime) {

    public AccountPolicy {
        Objects.requireNonNull(termsVersion, "termsVersion");
        Objects.requireNonNull(privacyPolicyVersion, "privacyPolicyVersion");
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        if (sessionIdleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || sessionLifetime.compareTo(sessionIdleTimeout) < 0) {
            throw new IllegalArgumentException("sessions idle out after at least a minute and live at least that long");
        }
    }
}
