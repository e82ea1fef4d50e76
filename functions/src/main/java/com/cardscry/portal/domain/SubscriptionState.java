package com.cardscry.portal.domain;

import java.util.Locale;

/**
 * Where a subscription is in its life. The names are stable: they are stored and shown to the
 * frontend. Which state follows which is {@link SubscriptionTransition}'s table, and only that.
 */
public enum SubscriptionState {
    /** Asked for on a plan that needs approval; waiting for an administrator. */
    SUBMITTED,
    /** In use: its keys work. */
    ACTIVE,
    /** Stopped by an administrator for now; its keys do not work until it is reactivated. */
    SUSPENDED,
    /** Ended by its developer or an administrator. Terminal. */
    CANCELLED,
    /** Ended because its time ran out. Terminal. */
    EXPIRED,
    /** Refused by an administrator before it was ever active. Terminal. */
    REJECTED;

    /** The lower-case name the API and the store use. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state whose {@link #code()} this is.
     *
     * @throws IllegalArgumentException for anything else, upper case included
     */
    public static SubscriptionState fromCode(String code) {
        for (SubscriptionState state : values()) {
            if (state.code().equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("not a subscription state");
    }

    /** Whether the subscription still counts: submitted, active or suspended (it may become active again). */
    public boolean isOpen() {
        return !isTerminal();
    }

    /** Whether no transition leads out of this state. */
    public boolean isTerminal() {
        return SubscriptionTransition.allowedFrom(this).isEmpty();
    }
}
