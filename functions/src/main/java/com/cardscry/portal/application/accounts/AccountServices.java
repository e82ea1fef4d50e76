package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.Notifier;
import java.util.Objects;

/**
 * What the account use cases share, built once by the composition root: the records, the keys, the
 * notification and audit ports, the limits, the policy and the clock.
 */
public record AccountServices(
        AccountRecords accounts,
        SessionRecords sessions,
        SessionKeys keys,
        Notifier notifier,
        AuditLog audit,
        Pseudonyms pseudonyms,
        AbuseLimits limits,
        AccountPolicy policy,
        Clock clock) {

    public AccountServices {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
    }
}
