package com.cardscry.portal.application.port;

import java.util.Arrays;
import java.util.Objects;

/**
 * One version of a named secret. The value is never part of {@link #toString()}, so a secret that
 * ends up in a log line shows its name and version only.
 */
public final class Secret {

    private final String name;
    private final String version;
    private final byte[] value;

    public Secret(String name, String version, byte[] value) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.value = Objects.requireNonNull(value, "value").clone();
        if (value.length == 0) {
            throw new IllegalArgumentException("a secret has a value");
        }
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** A copy of the secret bytes. */
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && name.equals(that.name) && version.equals(that.version)
                && java.security.MessageDigest.isEqual(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Secret[" + name + "@" + version + "]";
    }
}
