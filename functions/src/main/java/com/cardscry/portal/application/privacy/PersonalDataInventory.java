package com.cardscry.portal.application.privacy;

import java.util.List;
import java.util.Objects;

/**
 * What the portal holds about a person, why, on what legal basis, for how long, and what an erasure
 * does with it: the one table behind the information an access export gives (GDPR Art. 15(1)(a) to
 * (d)) and behind the erasure receipt. The retention issue replaces the periods here with its
 * retention schedule; until then this is the single place they are written down.
 */
public final class PersonalDataInventory {

    /** What an erasure does with a category. */
    public enum OnErasure {
        DELETED, KEPT
    }

    /**
     * One category of data.
     *
     * @param code       stable identifier (exports and receipts are machine-read)
     * @param title      what it is, in words
     * @param purpose    why it is processed
     * @param legalBasis under which article it is processed, or kept after an erasure
     * @param retention  how long it is kept
     * @param onErasure  what an erasure does with it
     */
    public record Category(String code, String title, String purpose, String legalBasis, String retention, OnErasure onErasure) {
        public Category {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(legalBasis, "legalBasis");
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(onErasure, "onErasure");
        }
    }

    private static final String CONTRACT = "performance of the contract (Art. 6(1)(b) GDPR)";

    public static final Category PROFILE = new Category("profile", "Profile: display name, email address, consents",
            "to run the account, sign the person in and tell them about it", CONTRACT,
            "while the account exists", OnErasure.DELETED);
    public static final Category IDENTIFIERS = new Category("account-identifiers",
            "Account identifiers: Entra ID tenant and object ids, the email blind-index entry",
            "to find the account when the person signs in", CONTRACT, "while the account exists", OnErasure.DELETED);
    public static final Category SESSIONS = new Category("sessions", "Sessions: when they started and were last used",
            "to keep the person signed in and let them end sessions", CONTRACT,
            "until the session ends (idle timeout or absolute lifetime)", OnErasure.DELETED);
    public static final Category KEYS = new Category("api-keys", "API key metadata: name, hint, dates (never the key)",
            "to let the gateway accept the person's keys and show them their keys", CONTRACT,
            "while the key works, then 30 days", OnErasure.DELETED);
    public static final Category USAGE = new Category("usage", "Usage metadata: request counts, error counts, per hour",
            "to enforce quotas and show usage", CONTRACT, "90 days after the hour", OnErasure.DELETED);
    public static final Category EXPORTS = new Category("exports", "Exports made for earlier access requests",
            "to answer access requests (Art. 15)", "legal obligation (Art. 6(1)(c) GDPR)", "7 days", OnErasure.DELETED);
    public static final Category SUBSCRIPTIONS = new Category("subscriptions",
            "Subscriptions: plan, state, dates (no name or email)", "billing and the plan's limits",
            "legal obligation to keep billing records (Art. 6(1)(c) and 17(3)(b) GDPR)",
            "kept after an erasure, cancelled, for the billing retention period", OnErasure.KEPT);
    public static final Category PRIVACY_REQUESTS = new Category("privacy-requests",
            "Privacy requests: type, dates, progress (the requester's own words are erased with the account)",
            "to answer data-subject requests and prove they were answered",
            "legal obligation and accountability (Art. 6(1)(c), 5(2) and 17(3)(b) GDPR)",
            "kept after an erasure, as proof it was done", OnErasure.KEPT);
    public static final Category AUDIT = new Category("audit-trail",
            "Audit trail: what was done to and by the account, under a pseudonym, without name or email",
            "security and accountability", "legitimate interest in securing the service (Art. 6(1)(f) GDPR)",
            "400 days after each entry", OnErasure.KEPT);

    /** Every category, in the order exports and receipts list them. */
    public static final List<Category> ALL = List.of(PROFILE, IDENTIFIERS, SESSIONS, KEYS, USAGE, EXPORTS, SUBSCRIPTIONS,
            PRIVACY_REQUESTS, AUDIT);

    /** Who receives the data (Art. 15(1)(c)). */
    public static final List<String> RECIPIENTS = List.of(
            "Microsoft Ireland Operations Ltd., as processor: hosting (Azure Functions, Cosmos DB, Storage, Key Vault) "
                    + "and sign-in (Entra ID)",
            "Nobody else; the data is not sold or shared for advertising");

    /** Where the data comes from (Art. 15(1)(g)). */
    public static final String SOURCE = "From the person (sign-up, profile, requests), from their Entra ID sign-in "
            + "(tenant and object ids), and from the Cardscry API gateway (usage of their keys)";

    /** The person's rights (Art. 15(1)(e) and (f)). */
    public static final List<String> RIGHTS = List.of(
            "to rectify inaccurate data (Art. 16): a correction request",
            "to erase the data (Art. 17): a deletion request, or closing the account",
            "to restrict processing (Art. 18) and to object to it (Art. 21): write to the privacy contact",
            "to lodge a complaint with a supervisory authority (Art. 77), in particular where the person lives or works");

    private PersonalDataInventory() {
    }
}
