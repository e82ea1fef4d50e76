package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds a JSON request body to a command record: the one way an HTTP function reads a body, so that
 * every write endpoint answers bad input the same way (DESIGN.md, decision 8).
 *
 * <pre>{@code
 * return JsonBody.bind(request, SignUpCommand.class, maxBodyBytes).fold(
 *         command -> JsonResponses.json(request, 201, signUp.handle(command)),
 *         problem -> JsonResponses.problem(request, problem));
 * }</pre>
 *
 * <p>What a caller may rely on: the answer is a bound record or a 4xx {@link Problem}, never an
 * exception, whatever the body is. The checks, in order:
 * <ol>
 *   <li>an absent or empty body is {@link ProblemType#INVALID_REQUEST};</li>
 *   <li>a {@code Content-Type} other than {@code application/json} or {@code application/*+json}, or a
 *       charset other than UTF-8, is {@link ProblemType#UNSUPPORTED_MEDIA_TYPE};</li>
 *   <li>a body of more than {@code maxBodyBytes} UTF-8 bytes is {@link ProblemType#PAYLOAD_TOO_LARGE};</li>
 *   <li>text that is not one JSON document is {@link ProblemType#MALFORMED_JSON}, with line and column;</li>
 *   <li>everything else is {@link ProblemType#INVALID_REQUEST}, naming the member as a JSON pointer
 *       ({@code /name}, {@code /items/0/name}) where there is one: a repeated property; nesting deeper
 *       than {@value #MAX_NESTING_DEPTH} levels; a top level that is not an object; a string or
 *       property name with a control character other than tab, line feed and carriage return; a
 *       missing or {@code null} component that is not an {@link Optional}; a property that is not a
 *       component (no mass assignment); a value of the wrong type (no coercion of numbers, strings
 *       and booleans into each other); a component the record's constructor refuses.</li>
 * </ol>
 * A problem's detail never repeats the offending value, nor the message of a parser or of the
 * record's constructor (either may quote input).
 *
 * <p>Records bind by their canonical constructor, with JSON property names equal to the component
 * names. An {@code Optional} component is empty when its property is absent or {@code null}.
 */
public final class JsonBody {

    /** How deeply objects and arrays may nest; command bodies are shallow, so deeper is abuse. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("optional-components").addDeserializer(Optional.class, new OptionalDeserializer()))
            .build();

    /**
     * Each record type's components, read by reflection once: reflecting them (and parsing their
     * generic signatures) on every request costs more than the rest of binding a small body.
     */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> recordType) {
            return Arrays.stream(recordType.getRecordComponents())
                    .map(component -> new Component(component.getName(), escape(component.getName()), component.getGenericType()))
                    .toList();
        }
    };

    private JsonBody() {
    }

    /** The outcome of binding: the record, or the problem to answer with. */
    public sealed interface Result<T> permits Bound, Rejected {

        /** Applies {@code onBound} to the record or {@code onRejected} to the problem. */
        <R> R fold(Function<? super T, ? extends R> onBound, Function<? super Problem, ? extends R> onRejected);
    }

    /** The bound value: the command record (inside this class, also the parsed tree on its way there). */
    public record Bound<T>(T value) implements Result<T> {
        public Bound {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public <R> R fold(Function<? super T, ? extends R> onBound, Function<? super Problem, ? extends R> onRejected) {
            return onBound.apply(value);
        }
    }

    /** The body refused, with the 4xx problem to answer with. */
    public record Rejected<T>(Problem problem) implements Result<T> {
        public Rejected {
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public <R> R fold(Function<? super T, ? extends R> onBound, Function<? super Problem, ? extends R> onRejected) {
            return onRejected.apply(problem);
        }
    }

    /**
     * Binds the request's body to a {@code recordType}, following the rules of this class.
     *
     * @param maxBodyBytes the largest body accepted, in UTF-8 bytes (the {@code PORTAL_MAX_BODY_BYTES} setting)
     */
    public static <T extends Record> Result<T> bind(HttpRequestMessage<Optional<String>> request, Class<T> recordType,
                                                    int maxBodyBytes) {
        Objects.requireNonNull(recordType, "recordType");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        Optional<String> given = request.getBody();
        String body = given == null ? "" : given.orElse("");
        if (body.isEmpty()) {
            return rejected(Problem.of(ProblemType.INVALID_REQUEST, "The request needs a JSON body."));
        }
        if (!isJson(RequestHeaders.first(request, "Content-Type").orElse(null))) {
            return rejected(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json, encoded in UTF-8."));
        }
        if (isLongerThan(body, maxBodyBytes)) {
            return rejected(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body is larger than " + maxBodyBytes + " bytes."));
        }
        return parse(body).fold(tree -> bindTree(tree, recordType), JsonBody::rejected);
    }

    /**
     * What a route without sign-in (the gateway's, the privacy form's) does with its body: binds it,
     * answers a refused body with its 4xx problem, otherwise answers what {@code action} makes of the
     * command, and a store outage meanwhile with 503 ({@link JsonResponses#unlessStoreUnavailable}).
     */
    public static <T extends Record> HttpResponseMessage respond(HttpRequestMessage<Optional<String>> request, Class<T> recordType,
                                                                 int maxBodyBytes, Function<T, HttpResponseMessage> action) {
        return JsonResponses.unlessStoreUnavailable(request, () -> bind(request, recordType, maxBodyBytes).fold(action,
                problem -> JsonResponses.problem(request, problem)));
    }

    /**
     * Like {@link #bind}, for routes whose body may be left out: an absent or empty body is
     * {@code whenAbsent}; any other body must bind.
     */
    public static <T extends Record> Result<T> bindOptional(HttpRequestMessage<Optional<String>> request, Class<T> recordType,
                                                            int maxBodyBytes, T whenAbsent) {
        Optional<String> given = request.getBody();
        boolean absent = given == null || given.filter(body -> !body.isEmpty()).isEmpty();
        return absent ? new Bound<>(whenAbsent) : bind(request, recordType, maxBodyBytes);
    }

    private static Result<JsonNode> parse(String body) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            try {
                JsonNode tree = MAPPER.readTree(parser);
                if (tree == null || tree.isMissingNode()) {
                    return rejected(Problem.of(ProblemType.INVALID_REQUEST, "The request needs a JSON body."));
                }
                if (parser.nextToken() != null) {
                    return rejected(malformed(parser.currentLocation(), "there is content after the JSON document"));
                }
                return new Bound<>(tree);
            } catch (MismatchedInputException duplicate) {
                // With FAIL_ON_READING_DUP_TREE_KEY, the only mismatch a tree can have is a repeated
                // name; the parser is still positioned inside the object that repeats it.
                return rejected(Problem.ofField(ProblemType.INVALID_REQUEST,
                        parser.getParsingContext().pathAsPointer().toString(), "The property appears more than once."));
            }
        } catch (StreamConstraintsException tooDeepOrTooLong) {
            return rejected(Problem.of(ProblemType.INVALID_REQUEST, "The body exceeds a structural limit: at most "
                    + MAX_NESTING_DEPTH + " levels of nesting, and numbers of at most "
                    + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits."));
        } catch (JsonProcessingException syntax) {
            return rejected(malformed(syntax.getLocation(), "the syntax is not valid"));
        } catch (IOException unreadable) {
            // A String source does no I/O; a parser reports every problem as a JsonProcessingException.
            return rejected(Problem.of(ProblemType.MALFORMED_JSON, "The body is not valid JSON."));
        }
    }

    private static <T extends Record> Result<T> bindTree(JsonNode tree, Class<T> recordType) {
        if (!tree.isObject()) {
            return rejected(Problem.of(ProblemType.INVALID_REQUEST, "The body must be a JSON object."));
        }
        Optional<Problem> refused = controlCharacterIn(tree, "").or(() -> missingComponent(tree, recordType, ""));
        if (refused.isPresent()) {
            return rejected(refused.get());
        }
        try {
            return new Bound<>(MAPPER.treeToValue(tree, recordType));
        } catch (UnrecognizedPropertyException unknown) {
            return rejected(atPath(unknown, "The property is not part of this request."));
        } catch (ValueInstantiationException refusedByConstructor) {
            return rejected(atPath(refusedByConstructor, "The value is not acceptable."));
        } catch (MismatchedInputException wrongType) {
            return rejected(atPath(wrongType, "The value must be " + expected(wrongType.getTargetType()) + "."));
        } catch (JsonMappingException notBindable) {
            return rejected(atPath(notBindable, notBindable.getCause() instanceof InputCoercionException outOfRange
                    ? "The value must be " + expected(outOfRange.getTargetType()) + " in range."
                    : "The value is not acceptable."));
        } catch (JsonProcessingException | IllegalArgumentException outOfRange) {
            // For example a number too large for its component; no path is known here.
            return rejected(Problem.of(ProblemType.INVALID_REQUEST, "A value is not acceptable for its property."));
        }
    }

    /** The first string or property name, depth first, with a control character we refuse. */
    private static Optional<Problem> controlCharacterIn(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return hasForbiddenControlCharacter(node.textValue())
                    ? Optional.of(Problem.ofField(ProblemType.INVALID_REQUEST, pointer,
                    "The string contains a control character; only tab, line feed and carriage return are allowed."))
                    : Optional.empty();
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                if (hasForbiddenControlCharacter(member.getKey())) {
                    // The name itself cannot be quoted, so the problem points at the object holding it.
                    return Optional.of(pointer.isEmpty()
                            ? Problem.of(ProblemType.INVALID_REQUEST, "A property name contains a control character.")
                            : Problem.ofField(ProblemType.INVALID_REQUEST, pointer, "A property name contains a control character."));
                }
                Optional<Problem> inside = controlCharacterIn(member.getValue(), pointer + "/" + escape(member.getKey()));
                if (inside.isPresent()) {
                    return inside;
                }
            }
        }
        if (node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                Optional<Problem> inside = controlCharacterIn(node.get(index), pointer + "/" + index);
                if (inside.isPresent()) {
                    return inside;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasForbiddenControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * The first component, depth first, that is required but absent or null. Checked on the tree
     * rather than after binding so that a missing {@code int} is not silently 0.
     */
    private static Optional<Problem> missingComponent(JsonNode node, Type type, String pointer) {
        Class<?> raw = rawClass(type);
        if (raw.isRecord() && node.isObject()) {
            for (Component component : COMPONENTS.get(raw)) {
                String componentPointer = pointer + "/" + component.escapedName();
                JsonNode value = node.get(component.name());
                boolean absent = value == null || value.isNull();
                Type componentType = component.type();
                if (rawClass(componentType) == Optional.class) {
                    if (absent) {
                        continue;
                    }
                    componentType = typeArgument(componentType);
                } else if (absent) {
                    return Optional.of(Problem.ofField(ProblemType.INVALID_REQUEST, componentPointer,
                            "The property is required and must not be null."));
                }
                Optional<Problem> inside = missingComponent(value, componentType, componentPointer);
                if (inside.isPresent()) {
                    return inside;
                }
            }
        } else if (Collection.class.isAssignableFrom(raw) && node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                Optional<Problem> inside = missingComponent(node.get(index), typeArgument(type), pointer + "/" + index);
                if (inside.isPresent()) {
                    return inside;
                }
            }
        }
        return Optional.empty();
    }

    /** A record component as the check needs it: its name, escaped for a JSON pointer, and its generic type. */
    private record Component(String name, String escapedName, Type type) {
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            return raw;
        }
        return Object.class;
    }

    private static Type typeArgument(Type type) {
        return type instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[0] : Object.class;
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "of the documented type";
        }
        if (CharSequence.class.isAssignableFrom(target) || target == char.class || target == Character.class) {
            return "a string";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target == int.class || target == long.class || target == short.class || target == byte.class
                || target == Integer.class || target == Long.class || target == Short.class || target == Byte.class) {
            return "an integer";
        }
        if (target.isPrimitive() || Number.class.isAssignableFrom(target)) {
            return "a number";
        }
        if (target.isEnum()) {
            return "one of the documented values";
        }
        if (Temporal.class.isAssignableFrom(target)) {
            return "an ISO 8601 date or time";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        return "an object";
    }

    private static Problem malformed(JsonLocation location, String why) {
        String where = location == null || location.getLineNr() < 1 ? ""
                : ": parsing stopped at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return Problem.of(ProblemType.MALFORMED_JSON, "The body is not valid JSON (" + why + ")" + where + ".");
    }

    /** A problem about the member the exception's path leads to; none for the body as a whole. */
    private static Problem atPath(JsonMappingException failure, String detail) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference step : failure.getPath()) {
            pointer.append('/').append(step.getFieldName() != null ? escape(step.getFieldName()) : step.getIndex());
        }
        return pointer.isEmpty() ? Problem.of(ProblemType.INVALID_REQUEST, detail)
                : Problem.ofField(ProblemType.INVALID_REQUEST, pointer.toString(), detail);
    }

    /** One JSON pointer reference token (RFC 6901). */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** {@code application/json} or {@code application/*+json}, with no charset or UTF-8. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json") && mediaType.length() > "application/+json".length();
        if (!json) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code text} takes more than {@code maxBytes} bytes in UTF-8. Counts without encoding a
     * copy, and stops as soon as the limit is passed, since an oversized body is the case to be cheap on.
     */
    static boolean isLongerThan(String text, int maxBytes) {
        if ((long) text.length() * 3 <= maxBytes) {
            return false; // no UTF-16 unit takes more than 3 bytes; a surrogate pair takes 4 for 2 units
        }
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= maxBytes; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > maxBytes;
    }

    private static <T> Result<T> rejected(Problem problem) {
        return new Rejected<>(problem);
    }

    /**
     * Binds {@code Optional} components, which Jackson 2 leaves to a module this project does not
     * need otherwise: absent or {@code null} is empty, anything else binds as the content type.
     */
    private static final class OptionalDeserializer extends StdDeserializer<Optional<?>> implements ContextualDeserializer {

        private final JsonDeserializer<Object> content;

        OptionalDeserializer() {
            this(null);
        }

        private OptionalDeserializer(JsonDeserializer<Object> content) {
            super(Optional.class);
            this.content = content;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JavaType optional = property != null ? property.getType() : context.getContextualType();
            JavaType contentType = optional.containedTypeOrUnknown(0);
            return new OptionalDeserializer(context.findContextualValueDeserializer(contentType, property));
        }

        @Override
        public Optional<?> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Optional.ofNullable(content.deserialize(parser, context));
        }

        @Override
        public Optional<?> getNullValue(DeserializationContext context) {
            return Optional.empty();
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return Optional.empty();
        }
    }
}
