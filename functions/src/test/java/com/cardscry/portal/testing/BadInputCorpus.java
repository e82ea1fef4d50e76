package com.cardscry.portal.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared corpus of bad request bodies that every write route must answer with a 4xx problem
 * document (DESIGN.md 6, "every write endpoint runs one shared bad-input corpus"). A route's test
 * describes its valid body once, as field name to a valid JSON literal, and gets the corpus for it:
 * transport faults (content type, size, encoding), JSON faults (syntax, shape, duplicates, nesting)
 * and field faults (missing, unknown, wrong type, control characters, huge strings) for each field;
 * {@link #invalidEmails} adds addresses that are not addresses for a field that holds one.
 *
 * <p>Running the cases is the caller's: over HTTP against the local host, or through a fake request.
 */
public final class BadInputCorpus {

    /**
     * One bad request.
     *
     * @param name        what is wrong, for the test's display name
     * @param contentType the Content-Type to send, or empty to send none
     * @param body        the raw body bytes
     * @param field       the JSON pointer the problem must name, when the fault is one field's
     */
    public record Case(String name, Optional<String> contentType, byte[] body, Optional<String> field) {
        public Case {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String JSON = "application/json";

    private BadInputCorpus() {
    }

    /**
     * @param validFields  every field of a valid body, in order, as name to JSON literal (e.g. {@code "\"Ada\""})
     * @param required     the fields that must be present
     * @param maxBodyBytes the route's body limit
     */
    public static List<Case> forBody(Map<String, String> validFields, List<String> required, int maxBodyBytes) {
        List<Case> cases = new ArrayList<>();
        String valid = object(validFields);

        cases.add(raw("no content type", Optional.empty(), valid));
        cases.add(raw("text/plain content type", Optional.of("text/plain"), valid));
        cases.add(raw("form content type", Optional.of("application/x-www-form-urlencoded"), "a=b"));
        cases.add(raw("empty body", Optional.of(JSON), ""));
        cases.add(raw("malformed JSON", Optional.of(JSON), valid.substring(0, valid.length() - 1)));
        cases.add(raw("trailing garbage", Optional.of(JSON), valid + " {"));
        cases.add(raw("JSON array instead of object", Optional.of(JSON), "[" + valid + "]"));
        cases.add(raw("JSON string instead of object", Optional.of(JSON), "\"text\""));
        cases.add(raw("JSON null", Optional.of(JSON), "null"));
        cases.add(new Case("invalid UTF-8", Optional.of(JSON), invalidUtf8(valid), Optional.empty()));
        cases.add(raw("body over the limit", Optional.of(JSON), padded(valid, maxBodyBytes + 1)));
        cases.add(raw("10 MB string", Optional.of(JSON), "{\"" + validFields.keySet().iterator().next() + "\":\""
                + "x".repeat(10 * 1024 * 1024) + "\"}"));
        cases.add(raw("deep nesting", Optional.of(JSON), "[".repeat(100_000) + "]".repeat(100_000)));
        cases.add(raw("nested objects deeper than allowed", Optional.of(JSON),
                "{\"a\":".repeat(64) + "1" + "}".repeat(64)));

        String first = validFields.keySet().iterator().next();
        cases.add(field("duplicate key " + first, object(validFields) .replaceFirst("\\{",
                "{\"" + first + "\":" + validFields.get(first) + ","), first));
        cases.add(field("unknown field", withField(validFields, "isAdmin", "true"), "isAdmin"));
        for (String name : validFields.keySet()) {
            if (required.contains(name)) {
                cases.add(field("missing " + name, without(validFields, name), name));
                cases.add(field("null " + name, withField(validFields, name, "null"), name));
            }
            cases.add(field("wrong type for " + name, withField(validFields, name, wrongTypeFor(validFields.get(name))), name));
            if (validFields.get(name).startsWith("\"")) {
                cases.add(field("control character in " + name, withField(validFields, name, "\"a\\u0000b\""), name));
                cases.add(field("escape character in " + name, withField(validFields, name, "\"a\\u001bb\""), name));
            }
        }
        return cases;
    }

    /**
     * Strings that are not email addresses, each in {@code emailField} of the otherwise valid body;
     * the problem must name that field. For routes whose body carries an email address, in addition
     * to {@link #forBody}.
     */
    public static List<Case> invalidEmails(Map<String, String> validFields, String emailField) {
        if (!validFields.containsKey(emailField)) {
            throw new IllegalArgumentException("the valid body has no field " + emailField);
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("empty email", "");
        addresses.put("email without @", "ada.example.com");
        addresses.put("email without local part", "@example.com");
        addresses.put("email without domain", "ada@");
        addresses.put("email with two @", "ada@@example.com");
        addresses.put("email with a space", "ada lovelace@example.com");
        addresses.put("email with a space in the domain", "ada@exa mple.com");
        addresses.put("email longer than 254 characters", "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com");
        List<Case> cases = new ArrayList<>();
        addresses.forEach((name, address) -> cases.add(field(name + " in " + emailField,
                withField(validFields, emailField, "\"" + address + "\""), emailField)));
        return cases;
    }

    private static Case raw(String name, Optional<String> contentType, String body) {
        return new Case(name, contentType, body.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    private static Case field(String name, String body, String field) {
        return new Case(name, Optional.of(JSON), body.getBytes(StandardCharsets.UTF_8), Optional.of("/" + field));
    }

    private static String wrongTypeFor(String validLiteral) {
        if (validLiteral.startsWith("\"")) {
            return "{\"nested\":true}";
        }
        return "\"not-a-" + (validLiteral.matches("-?[0-9.]+") ? "number" : "value") + "\"";
    }

    private static String object(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, literal) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":").append(literal);
        });
        return json.append('}').toString();
    }

    private static String withField(Map<String, String> fields, String name, String literal) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        changed.put(name, literal);
        return object(changed);
    }

    private static String without(Map<String, String> fields, String name) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        changed.remove(name);
        return object(changed);
    }

    private static String padded(String json, int bytes) {
        // Whitespace keeps the JSON valid, so only the size is wrong.
        return json + " ".repeat(Math.max(0, bytes - json.length()));
    }

    private static byte[] invalidUtf8(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[utf8.length + 2];
        broken[0] = utf8[0];
        // A lone continuation byte and an overlong encoding: neither is UTF-8.
        broken[1] = (byte) 0x80;
        broken[2] = (byte) 0xC0;
        System.arraycopy(utf8, 1, broken, 3, utf8.length - 1);
        return broken;
    }
}
