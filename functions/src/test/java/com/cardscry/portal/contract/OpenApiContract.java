package com.cardscry.portal.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The OpenAPI document, {@code openapi/portal.yaml}, as tests use it: its operations, and the check
 * that a response is one the document promises. Load it once with {@link #load()}; it is immutable
 * and safe to share between tests.
 *
 * <p>Paths are those of the document: relative to the server URL, which ends with {@value #API_PREFIX}
 * (so {@code /v1/health}, not {@code /api/v1/health}). The overload that takes a request strips the
 * prefix itself.
 *
 * <p>Schemas are JSON Schema 2020-12, as OpenAPI 3.1 defines them. The whole document is registered
 * with the validator under {@value #DOCUMENT_IRI}, and every {@code $ref} of a response schema is made
 * absolute against that IRI, so references into {@code #/components/...} resolve inside the document.
 */
public final class OpenApiContract {

    /** Where the document lives, relative to the project root (Maven's working directory for tests). */
    public static final Path DOCUMENT = Path.of("openapi", "portal.yaml");

    /** The Functions route prefix: the path part of every server URL in the document. */
    public static final String API_PREFIX = "/api";

    /** The identifier the document is known by to the schema validator; nothing is fetched from it. */
    static final String DOCUMENT_IRI = "https://cardscry.com/openapi/portal.yaml";

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_SHOWN_IN_FAILURES = 2000;
    private static OpenApiContract loaded;

    private final JsonNode document;
    private final List<Operation> operations;
    private final JsonSchemaFactory schemas;
    private final SchemaValidatorsConfig validation;

    /** One operation of the document: a method (upper case) on a path template. */
    public record Operation(String method, String pathTemplate, JsonNode definition) {

        public String operationId() {
            return definition.path("operationId").asText(null);
        }

        /** The {@code security} member, or an absent node when the operation does not declare one. */
        public JsonNode security() {
            return definition.path("security");
        }

        @Override
        public String toString() {
            return method + " " + pathTemplate;
        }
    }

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.operations = operationsOf(document);
        String documentJson = document.toString();
        this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_IRI, documentJson))));
        this.validation = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    }

    /** The document, read and parsed on first use. */
    public static synchronized OpenApiContract load() {
        if (loaded == null) {
            try {
                loaded = new OpenApiContract(new YAMLMapper().readTree(DOCUMENT.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + DOCUMENT.toAbsolutePath(), e);
            }
        }
        return loaded;
    }

    public JsonNode document() {
        return document;
    }

    public List<Operation> operations() {
        return operations;
    }

    /**
     * Asserts that a function's response to {@code request} is one the document declares; see
     * {@link #assertResponseConforms(String, String, int, String, String)}.
     */
    public void assertResponseConforms(HttpRequestMessage<?> request, HttpResponseMessage response) {
        String path = request.getUri().getPath();
        if (!path.startsWith(API_PREFIX + "/")) {
            throw new AssertionError("request path " + path + " is outside the route prefix " + API_PREFIX);
        }
        Object body = response.getBody();
        if (body != null && !(body instanceof String)) {
            throw new AssertionError("response body is a " + body.getClass().getName() + ", not JSON text");
        }
        assertResponseConforms(request.getHttpMethod().name(), path.substring(API_PREFIX.length()),
                response.getStatusCode(), response.getHeader("Content-Type"), (String) body);
    }

    /**
     * Asserts that a response the local host sent over HTTP is one the document declares: its status,
     * content type and body as {@link #assertResponseConforms(String, String, int, String, String)}
     * checks them, and its headers as {@link #assertHeadersConform(String, String, int, HttpHeaders)}
     * does. The method and path are taken from the request that got the response.
     */
    public void assertResponseConforms(HttpResponse<String> response) {
        String method = response.request().method();
        String path = response.request().uri().getPath();
        if (!path.startsWith(API_PREFIX + "/")) {
            throw new AssertionError("request path " + path + " is outside the route prefix " + API_PREFIX);
        }
        String relative = path.substring(API_PREFIX.length());
        assertResponseConforms(method, relative, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body());
        assertHeadersConform(method, relative, response.statusCode(), response.headers());
    }

    /**
     * Asserts that the response has every header the document marks {@code required} for this status,
     * and that every declared header it has is valid against the header's schema (an {@code integer}
     * schema is checked against the value read as a number). Headers the document does not declare are
     * not checked; a header sent more than once is checked value by value.
     */
    public void assertHeadersConform(String method, String path, int status, HttpHeaders headersSent) {
        Operation operation = operationFor(method, path);
        String where = operation + " -> " + status;
        JsonNode headers = resolve(responseFor(operation, status, where)).path("headers");
        for (Map.Entry<String, JsonNode> declared : headers.properties()) {
            JsonNode header = resolve(declared.getValue());
            List<String> values = headersSent.allValues(declared.getKey());
            if (values.isEmpty()) {
                if (header.path("required").asBoolean(false)) {
                    throw new AssertionError(where + ": the required header " + declared.getKey() + " is missing");
                }
                continue;
            }
            JsonNode schema = header.get("schema");
            if (schema == null) {
                continue;
            }
            for (String value : values) {
                assertValid(schema, headerValue(schema, value), where + " header " + declared.getKey(), value);
            }
        }
    }

    /** A header value as the instance its schema describes: a number for an integer schema, else text. */
    private JsonNode headerValue(JsonNode schema, String value) {
        JsonNode resolved = resolve(schema);
        if ("integer".equals(resolved.path("type").asText()) && value.strip().matches("-?[0-9]{1,18}")) {
            return JSON.getNodeFactory().numberNode(Long.parseLong(value.strip()));
        }
        return JSON.getNodeFactory().textNode(value);
    }

    /**
     * Asserts that the document declares this response: the operation for {@code method} and the
     * concrete {@code path} (relative to the server URL; a query string is ignored), a response for
     * {@code status} (exactly, else {@code 4XX}/{@code 5XX}, else {@code default}), the media type of
     * {@code contentType} (parameters such as charset ignored), and a body valid against that media
     * type's schema. A response without declared content must have no body.
     *
     * @throws AssertionError naming what does not conform, with every schema violation
     */
    public void assertResponseConforms(String method, String path, int status, String contentType, String body) {
        Operation operation = operationFor(method, path);
        String where = operation + " -> " + status;
        JsonNode response = resolve(responseFor(operation, status, where));
        JsonNode content = response.path("content");

        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                throw new AssertionError(where + ": the document declares no body, but the response has one");
            }
            return;
        }
        String mediaType = mediaTypeOf(contentType, where);
        JsonNode declared = content.get(mediaType);
        if (declared == null) {
            throw new AssertionError(where + ": content type " + mediaType + " is not declared; declared: "
                    + fieldNames(content));
        }
        JsonNode schema = declared.get("schema");
        if (schema == null) {
            return;
        }
        if (!mediaType.endsWith("json")) {
            // A text body (an HTML page) is a JSON string to the schema, not a document to parse.
            assertValid(schema, TextNode.valueOf(body == null ? "" : body),
                    where + " " + mediaType, "(text)");
            return;
        }
        assertValid(schema, parse(body, where), where + " " + mediaType, body);
    }

    /**
     * Asserts that {@code json} is valid against {@code #/components/schemas/<schemaName>}; for tests
     * of documents that no operation answers with yet.
     */
    public void assertConformsToSchema(String schemaName, String json) {
        if (!document.path("components").path("schemas").has(schemaName)) {
            throw new AssertionError("the document has no schema " + schemaName);
        }
        ObjectNode reference = JSON.createObjectNode().put("$ref", "#/components/schemas/" + schemaName);
        assertValid(reference, parse(json, schemaName), "schema " + schemaName, json);
    }

    private void assertValid(JsonNode schemaInDocument, JsonNode instance, String where, String body) {
        JsonSchema schema = schemas.getSchema(absoluteReferences(schemaInDocument.deepCopy()), validation);
        Set<ValidationMessage> violations = schema.validate(instance);
        if (!violations.isEmpty()) {
            String listed = violations.stream()
                    .map(violation -> "  - " + violation.getMessage())
                    .sorted()
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(where + ": the body does not conform to the OpenAPI document:\n" + listed
                    + "\nbody: " + shown(body));
        }
    }

    private Operation operationFor(String method, String path) {
        String concretePath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        List<Operation> onPath = operations.stream()
                .filter(operation -> matches(operation.pathTemplate(), concretePath))
                .sorted(Comparator.comparingInt((Operation operation) -> literalSegments(operation.pathTemplate())).reversed())
                .toList();
        if (onPath.isEmpty()) {
            throw new AssertionError("no path of the OpenAPI document matches " + concretePath);
        }
        // The most literal template wins, as in OpenAPI; a templated path still serves the methods the
        // literal one lacks (DELETE /v1/sessions/current is DELETE /v1/sessions/{id}), as the host routes.
        String bestTemplate = onPath.get(0).pathTemplate();
        return onPath.stream()
                .filter(operation -> operation.method().equalsIgnoreCase(method))
                .findFirst()
                .orElseThrow(() -> new AssertionError(method.toUpperCase(Locale.ROOT) + " " + bestTemplate
                        + " is not documented; the path has: " + onPath.stream()
                        .filter(operation -> operation.pathTemplate().equals(bestTemplate))
                        .map(Operation::method).toList()));
    }

    private static JsonNode responseFor(Operation operation, int status, String where) {
        JsonNode responses = operation.definition().path("responses");
        for (String key : List.of(Integer.toString(status), status / 100 + "XX", "default")) {
            if (responses.has(key)) {
                return responses.get(key);
            }
        }
        throw new AssertionError(where + ": status " + status + " is not documented; documented: " + fieldNames(responses));
    }

    /** Follows a response object's {@code $ref} inside the document. */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String reference = current.get("$ref").asText();
            if (!reference.startsWith("#/")) {
                throw new AssertionError("only references inside the document are supported: " + reference);
            }
            current = document.at(reference.substring(1));
            if (current.isMissingNode()) {
                throw new AssertionError("dangling reference " + reference);
            }
        }
        return current;
    }

    /** Rewrites {@code #/...} references to {@link #DOCUMENT_IRI}{@code #/...}, in place. */
    private static JsonNode absoluteReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode reference = object.get("$ref");
            if (reference != null && reference.isTextual() && reference.asText().startsWith("#")) {
                object.put("$ref", DOCUMENT_IRI + reference.asText());
            }
        }
        for (JsonNode child : node) {
            absoluteReferences(child);
        }
        return node;
    }

    private static String mediaTypeOf(String contentType, String where) {
        if (contentType == null || contentType.isBlank()) {
            throw new AssertionError(where + ": the response has a body but no Content-Type");
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    private static JsonNode parse(String body, String where) {
        if (body == null || body.isEmpty()) {
            throw new AssertionError(where + ": the document declares a body, but the response has none");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(where + ": the body is not JSON: " + shown(body), e);
        }
    }

    private static List<Operation> operationsOf(JsonNode document) {
        List<Operation> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> member : path.getValue().properties()) {
                if (HTTP_METHODS.contains(member.getKey())) {
                    found.add(new Operation(member.getKey().toUpperCase(Locale.ROOT), path.getKey(), member.getValue()));
                }
            }
        }
        return List.copyOf(found);
    }

    /** Whether a concrete path fits a template, where {@code {name}} stands for one path segment. */
    static boolean matches(String template, String path) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), path);
    }

    private static int literalSegments(String template) {
        return (int) Pattern.compile("/").splitAsStream(template).filter(segment -> !segment.contains("{")).count();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String shown(String body) {
        return Optional.ofNullable(body)
                .map(text -> text.length() <= BODY_SHOWN_IN_FAILURES ? text : text.substring(0, BODY_SHOWN_IN_FAILURES) + "...")
                .orElse("(none)");
    }
}
