package com.cardscry.portal.domain;

import java.util.Locale;

/**
 * Which Cardscry API a plan's keys work against. The names are stable: they are declared in plan
 * catalogues, stored and shown to the frontend.
 */
public enum PlanEnvironment {
    /** The production API, with real data and billing. */
    LIVE,
    /** The sandbox API, for trying things out; nothing is billed. */
    TEST;

    /** The lower-case name the API, the catalogue file and the store use. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The environment whose {@link #code()} this is.
     *
     * @throws IllegalArgumentException for anything else, upper case included
     */
    public static PlanEnvironment fromCode(String code) {
        for (PlanEnvironment environment : values()) {
            if (environment.code().equals(code)) {
                return environment;
            }
        }
        throw new IllegalArgumentException("environment must be live or test");
    }
}
