package com.cardscry.portal.adapters.catalogue;

import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.domain.PlanEnvironment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a plan catalogue from JSON:
 *
 * <pre>{@code
 * {"plans": [{"id": "starter", "name": "Starter", "description": "...", "environment": "live",
 *             "rateLimitPerSecond": 10, "monthlyQuota": 100000, "approvalRequired": false,
 *             "keysPerSubscription": 2, "subscriptionsPerAccount": 1, "maxKeyLifetimeDays": 365}]}
 * }</pre>
 *
 * Every field is required, none may be null, numbers must be integers written as such (no strings,
 * no fractions), and the rules of {@link Plan} and {@link PlanCatalogue} apply. The plans keep the
 * order of the file.
 */
public final class PlanCatalogueFile {

    /** The built-in catalogue, a resource of the app. */
    public static final String BUILT_IN = "/plans.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("plans");
    private static final Set<String> PLAN_FIELDS = Set.of("id", "name", "description", "environment", "rateLimitPerSecond",
            "monthlyQuota", "approvalRequired", "keysPerSubscription", "subscriptionsPerAccount", "maxKeyLifetimeDays");

    private PlanCatalogueFile() {
    }

    /**
     * The catalogue the app ships with.
     *
     * @throws InvalidPlanCatalogueException if the resource is missing or invalid (a build mistake)
     */
    public static PlanCatalogue builtIn() {
        String source = "built-in " + BUILT_IN.substring(1);
        try (InputStream in = PlanCatalogueFile.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new InvalidPlanCatalogueException(source, "the resource is missing from the app");
            }
            return parse(in, source);
        } catch (IOException e) {
            throw new InvalidPlanCatalogueException(source, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The catalogue in {@code file}.
     *
     * @throws InvalidPlanCatalogueException if the file cannot be read or is invalid
     */
    public static PlanCatalogue read(Path file) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, source);
        } catch (IOException e) {
            throw new InvalidPlanCatalogueException(source, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The catalogue in {@code in}; {@code source} names it in error messages. */
    static PlanCatalogue parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new InvalidPlanCatalogueException(source, "is not valid JSON or repeats a field: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPlanCatalogueException(source, "must be a JSON object with a \"plans\" array");
        }
        requireExactFields(root, TOP_LEVEL_FIELDS, source, "the top level");
        JsonNode entries = root.get("plans");
        if (!entries.isArray()) {
            throw new InvalidPlanCatalogueException(source, "\"plans\" must be an array");
        }
        List<Plan> plans = new ArrayList<>();
        for (int index = 0; index < entries.size(); index++) {
            plans.add(plan(entries.get(index), source, describe(entries.get(index), index)));
        }
        try {
            return new PlanCatalogue(plans);
        } catch (IllegalArgumentException invalid) {
            throw new InvalidPlanCatalogueException(source, invalid.getMessage());
        }
    }

    private static Plan plan(JsonNode entry, String source, String which) {
        if (!entry.isObject()) {
            throw new InvalidPlanCatalogueException(source, which + " must be a JSON object");
        }
        requireExactFields(entry, PLAN_FIELDS, source, which);
        Fields fields = new Fields(entry, source, which);
        try {
            return new Plan(fields.text("id"), fields.text("name"), fields.text("description"),
                    PlanEnvironment.fromCode(fields.text("environment")),
                    fields.integer("rateLimitPerSecond"), fields.longInteger("monthlyQuota"), fields.bool("approvalRequired"),
                    fields.integer("keysPerSubscription"), fields.integer("subscriptionsPerAccount"),
                    Duration.ofDays(fields.integer("maxKeyLifetimeDays")));
        } catch (IllegalArgumentException invalid) {
            // The domain's messages name the field and never repeat the value.
            throw new InvalidPlanCatalogueException(source, which + ": " + invalid.getMessage());
        }
    }

    /** A plan as messages name it: by its id when it has a usable one, and always by position. */
    private static String describe(JsonNode entry, int index) {
        JsonNode id = entry.path("id");
        String position = "plan #" + (index + 1);
        return id.isTextual() && id.asText().matches("[a-z0-9-]{1,40}") ? position + " ('" + id.asText() + "')" : position;
    }

    private static void requireExactFields(JsonNode object, Set<String> expected, String source, String which) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw new InvalidPlanCatalogueException(source, which + ": unknown field \"" + name + "\"");
            }
        }
        for (String name : expected.stream().sorted().toList()) {
            JsonNode value = object.get(name);
            if (value == null) {
                throw new InvalidPlanCatalogueException(source, which + ": missing field \"" + name + "\"");
            }
            if (value.isNull()) {
                throw new InvalidPlanCatalogueException(source, which + ": field \"" + name + "\" must not be null");
            }
        }
    }

    /** Typed reads of one plan's fields; a value of the wrong JSON type is refused, never converted. */
    private record Fields(JsonNode entry, String source, String which) {

        String text(String name) {
            JsonNode value = entry.get(name);
            if (!value.isTextual()) {
                throw wrongType(name, "a string");
            }
            return value.asText();
        }

        int integer(String name) {
            JsonNode value = entry.get(name);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw wrongType(name, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
            }
            return value.intValue();
        }

        long longInteger(String name) {
            JsonNode value = entry.get(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw wrongType(name, "an integer");
            }
            return value.longValue();
        }

        boolean bool(String name) {
            JsonNode value = entry.get(name);
            if (!value.isBoolean()) {
                throw wrongType(name, "true or false");
            }
            return value.booleanValue();
        }

        private InvalidPlanCatalogueException wrongType(String name, String expected) {
            return new InvalidPlanCatalogueException(source, which + ": field \"" + name + "\" must be " + expected);
        }
    }
}
