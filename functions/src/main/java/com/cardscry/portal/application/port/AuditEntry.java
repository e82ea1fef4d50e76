package com.cardscry.portal.application.port;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One fact for the audit trail: who (pseudonymously) did what, when.
 *
 * <p><b>No personal data.</b> The audit trail is kept for a fixed time after the fact, also after
 * the account it is about has been erased, and it is read by operators. So it holds no name and no
 * email address: the subject and actor are pseudonyms (see {@code application.Pseudonyms}), whose
 * link to an account only the pseudonym key can restore, and the details are plain facts such as
 * which fields changed, a session id or a reason category. The constructor enforces what it can
 * check: pseudonyms have the pseudonym shape (so an email address or an account id cannot be passed
 * by mistake), a details key may not be one that names personal data ({@code email},
 * {@code name}, {@code displayName} and their kin), and no details value may contain {@code @},
 * the one character every email address has. These guards catch slips, not intent: a caller still
 * decides what a value means.
 *
 * @param at      when it happened
 * @param action  what happened; stored as its stable {@link AuditAction#code() code}
 * @param subject the pseudonym of the account the action is about
 * @param actor   the pseudonym of an admin acting on the subject's account; empty when the subject
 *                acted (or the system did). Never equal to {@code subject}.
 * @param details at most {@value #MAX_DETAILS} non-personal facts: keys are 1 to 40 ASCII letters
 *                and digits starting with a lowercase letter; values are 1 to {@value #MAX_VALUE_LENGTH}
 *                characters on one line without {@code @}. Copied, unmodifiable, sorted by key.
 */
public record AuditEntry(Instant at, AuditAction action, String subject, Optional<String> actor,
                         Map<String, String> details) {

    public static final int MAX_DETAILS = 16;
    public static final int MAX_VALUE_LENGTH = 200;

    /** 128 bits in unpadded Base64url: the shape of every pseudonym. */
    private static final Pattern PSEUDONYM = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");
    /** Keys that would name personal data, compared in lowercase. */
    private static final Set<String> PERSONAL_KEYS = Set.of("name", "displayname", "fullname", "firstname",
            "lastname", "givenname", "surname", "familyname", "username");

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        requirePseudonym(subject, "subject");
        Objects.requireNonNull(actor, "actor");
        actor.ifPresent(pseudonym -> requirePseudonym(pseudonym, "actor"));
        if (actor.filter(subject::equals).isPresent()) {
            throw new IllegalArgumentException("the actor is an admin acting on someone else; leave it empty when the subject acted");
        }
        details = copyDetails(Objects.requireNonNull(details, "details"));
    }

    /** An entry for something the subject did (or the system did to the subject's account). */
    public static AuditEntry bySubject(Instant at, AuditAction action, String subject, Map<String, String> details) {
        return new AuditEntry(at, action, subject, Optional.empty(), details);
    }

    /** An entry for something the admin {@code actor} did to the subject's account. */
    public static AuditEntry byAdmin(Instant at, AuditAction action, String subject, String actor, Map<String, String> details) {
        return new AuditEntry(at, action, subject, Optional.of(actor), details);
    }

    /** Whether {@code candidate} has the shape of a pseudonym (it cannot tell whether it is one). */
    public static boolean isPseudonymShaped(String candidate) {
        return candidate != null && PSEUDONYM.matcher(candidate).matches();
    }

    private static void requirePseudonym(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!isPseudonymShaped(value)) {
            // The value itself is left out: it may well be the email address this guard exists for.
            throw new IllegalArgumentException(what + " must be a pseudonym (22 characters of Base64url)");
        }
    }

    private static Map<String, String> copyDetails(Map<String, String> details) {
        if (details.size() > MAX_DETAILS) {
            throw new IllegalArgumentException("at most " + MAX_DETAILS + " details");
        }
        Map<String, String> copy = new TreeMap<>();
        details.forEach((key, value) -> {
            requireNonPersonalKey(key);
            requireNonPersonalValue(key, value);
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void requireNonPersonalKey(String key) {
        Objects.requireNonNull(key, "details key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a details key is 1 to 40 ASCII letters and digits starting with a lowercase letter: " + key);
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains("email") || PERSONAL_KEYS.contains(lower)) {
            throw new IllegalArgumentException("details key '" + key + "' names personal data, which the audit trail does not hold");
        }
    }

    private static void requireNonPersonalValue(String key, String value) {
        Objects.requireNonNull(value, () -> "details value of " + key);
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("details value of '" + key + "' must be 1 to " + MAX_VALUE_LENGTH
                    + " characters on one line");
        }
        if (value.indexOf('@') >= 0) {
            throw new IllegalArgumentException("details value of '" + key + "' contains '@' and may be an email address,"
                    + " which the audit trail does not hold");
        }
    }
}
