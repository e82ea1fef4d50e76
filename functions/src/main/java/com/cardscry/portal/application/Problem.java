package com.cardscry.portal.application;

import java.util.Objects;
import java.util.Optional;

/**
 * An error answer in the terms of RFC 9457: a stable {@link ProblemType}, a human-readable detail,
 * and, for bad input, the field it is about. The detail never echoes secrets or personal data.
 *
 * @param type   what kind of problem
 * @param detail what went wrong in this occurrence, for a developer reading it
 * @param field  JSON pointer style path of the offending input (for example {@code /email}), if any
 */
public record Problem(ProblemType type, String detail, Optional<String> field) {

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(field, "field");
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type, detail, Optional.empty());
    }

    public static Problem ofField(ProblemType type, String field, String detail) {
        return new Problem(type, detail, Optional.of(field));
    }

    public int status() {
        return type.status();
    }
}
