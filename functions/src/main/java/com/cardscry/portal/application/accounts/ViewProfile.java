package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import java.util.Objects;

/** {@code GET /me}: the caller's profile, in every state but closed (blocked users may read it). */
public final class ViewProfile {

    private final AccountServices services;

    public ViewProfile(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Profile> handle(Caller caller) {
        return caller.anyAccount().then(found -> Outcome.done(Profile.of(found.account(), services.policy(), services.clock().now())));
    }
}
