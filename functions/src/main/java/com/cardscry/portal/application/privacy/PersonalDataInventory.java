package com.cardscry.portal.application.privacy;

import java.util.List;

/**
 * What an access export says about the processing besides the categories of data (GDPR Art. 15(1)(c),
 * (e) to (g)): who receives the data, where it comes from, and the person's rights. The categories
 * themselves, with purpose, legal basis and retention, are the {@link com.cardscry.portal.domain.RetentionSchedule}'s.
 */
public final class PersonalDataInventory {

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
