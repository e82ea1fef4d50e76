package com.cardscry.portal.domain;

/**
 * Which side of the API a key works against: production data ({@link #LIVE}) or the test environment
 * ({@link #TEST}). The environment is written into the key's text as its prefix, so a key says where it
 * belongs before anything is looked up, and a secret scanner can recognise a leaked one.
 */
public enum KeyEnvironment {

    LIVE("cs_live_"),
    TEST("cs_test_");

    /** Every prefix has this many characters, so every key has the same length. */
    static final int PREFIX_LENGTH = 8;

    private final String prefix;

    KeyEnvironment(String prefix) {
        this.prefix = prefix;
    }

    /** The text every key of this environment starts with: {@code cs_live_} or {@code cs_test_}. */
    public String prefix() {
        return prefix;
    }
}
