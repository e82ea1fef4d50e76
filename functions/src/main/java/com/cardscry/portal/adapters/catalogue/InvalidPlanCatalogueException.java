package com.cardscry.portal.adapters.catalogue;

/**
 * A plan catalogue cannot be read or breaks a rule. The message names the source (a file path or the
 * built-in resource), the plan (by id, or by position when it has no usable id) and the field.
 */
public final class InvalidPlanCatalogueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;

    InvalidPlanCatalogueException(String source, String problem) {
        super("Plan catalogue " + source + ": " + problem);
        this.source = source;
    }

    /** The file path, or the built-in resource's name. */
    public String source() {
        return source;
    }
}
