package com.cardscry.portal.application;

import java.util.List;

/**
 * The app's own secrets, by the names they have in Key Vault (DESIGN.md section 1). Locally they are
 * generated on first start; in Azure, provisioning creates them. Each holds at least 256 random bits.
 */
public final class SecretNames {

    /** The key of the HMAC under which API keys are stored (decision 1). */
    public static final String API_KEY_PEPPER = "api-key-pepper";
    /**
     * Keys the hashes of session secrets, the CSRF tokens derived from them and the hashes of email
     * verification codes (decision 5). Rotating it ends every session and open code.
     */
    public static final String SESSION_SIGNING_KEY = "session-signing-key";
    /** Signs tokens the portal issues itself (verification links, the local development issuer). */
    public static final String TOKEN_SIGNING_KEY = "token-signing-key";

    /**
     * Keys the blind index of email addresses. Never rotated in place: every index entry is a hash
     * under it, so a new key means re-indexing every verified address.
     */
    public static final String EMAIL_INDEX_KEY = "email-index-key";

    /**
     * The key of the HMAC that turns account ids into the pseudonyms of the audit trail
     * ({@link Pseudonyms}). Never rotated: a new version would split every account's history.
     */
    public static final String AUDIT_PSEUDONYM_KEY = "audit-pseudonym-key";

    /** Every secret the portal needs before it can serve. */
    public static final List<String> ALL = List.of(API_KEY_PEPPER, SESSION_SIGNING_KEY, TOKEN_SIGNING_KEY,
            EMAIL_INDEX_KEY, AUDIT_PSEUDONYM_KEY);

    private SecretNames() {
    }
}
