package com.cardscry.portal.application;

/**
 * The stable catalogue of error kinds the portal answers with, as RFC 9457 problem types. Clients may
 * switch on {@link #uri()}; it never changes meaning once published. Each is documented in
 * {@code docs/errors.md} (a test keeps the two in step).
 */
public enum ProblemType {

    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON"),
    INVALID_REQUEST(400, "invalid-request", "The request is invalid"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
    FORBIDDEN(403, "forbidden", "The caller may not do this"),
    CSRF_TOKEN_INVALID(403, "csrf-token-invalid", "A cookie-authenticated write needs the session's CSRF token"),
    ACCOUNT_BLOCKED(403, "account-blocked", "The account is blocked"),
    ACCOUNT_CLOSED(403, "account-closed", "The account is closed"),
    ACCOUNT_NOT_VERIFIED(403, "account-not-verified", "Verify the account's email address first"),
    NOT_FOUND(404, "not-found", "No such resource"),
    ACCOUNT_NOT_FOUND(404, "account-not-found", "The caller has no account; sign up first"),
    ROUTE_NOT_FOUND(404, "route-not-found", "No such route"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "The route does not accept this method"),
    NOT_ACCEPTABLE(406, "not-acceptable", "No acceptable representation"),
    CONFLICT(409, "conflict", "The request conflicts with the current state"),
    EMAIL_IN_USE(409, "email-in-use", "Another account uses this email address"),
    SUBSCRIPTION_LIMIT_REACHED(409, "subscription-limit-reached", "The plan allows no more subscriptions for this account"),
    VERIFICATION_CODE_REJECTED(400, "verification-code-rejected", "The verification code is wrong, expired or spent"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The request body must be application/json"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    INTERNAL_ERROR(500, "internal-error", "The server failed to handle the request"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "A backing service is unavailable");

    /** Problem type URIs are identifiers; they live under this base and are documented in docs/errors.md. */
    public static final String BASE_URI = "https://cardscry.com/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return BASE_URI + slug;
    }
}
