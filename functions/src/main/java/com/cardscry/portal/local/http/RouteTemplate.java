package com.cardscry.portal.local.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route template as the Functions host (ASP.NET Core routing) reads it, restricted to what the portal
 * uses: segments separated by {@code /}, each either a literal or a whole-segment parameter
 * {@code {name}}, {@code {name:constraint}}, or, in the last segment only, an optional
 * {@code {name?}} / {@code {name:constraint?}}. Constraints are {@code int} (a 32-bit decimal integer),
 * {@code guid} (in its 8-4-4-4-12 hex-digit form) and {@code alpha} (ASCII letters). Anything else (unknown constraints, catch-all
 * parameters, parameters inside a literal segment) is refused when the template is parsed, so that a
 * route the host would serve differently from Azure fails at start-up instead of at a request.
 *
 * <p>Literals match case-insensitively; route values keep the case of the request.
 */
public final class RouteTemplate {

    /** A parameter's constraint; each accepts exactly what ASP.NET Core's constraint of that name accepts. */
    public enum Constraint {
        INT(Pattern.compile("-?[0-9]+")) {
            @Override
            boolean accepts(String value) {
                if (!super.accepts(value)) {
                    return false;
                }
                try {
                    Integer.parseInt(value);
                    return true;
                } catch (NumberFormatException outOfRange) {
                    return false;
                }
            }
        },
        GUID(Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")),
        ALPHA(Pattern.compile("[A-Za-z]+"));

        private final Pattern pattern;

        Constraint(Pattern pattern) {
            this.pattern = pattern;
        }

        boolean accepts(String value) {
            return pattern.matcher(value).matches();
        }
    }

    /**
     * One segment of a template.
     *
     * @param literal    the literal text, or {@code null} for a parameter
     * @param parameter  the parameter name, or {@code null} for a literal
     * @param constraint the parameter's constraint, if any
     * @param optional   whether the parameter may be absent (last segment only)
     */
    record Segment(String literal, String parameter, Optional<Constraint> constraint, boolean optional) {

        boolean isLiteral() {
            return literal != null;
        }

        boolean matches(String value) {
            if (isLiteral()) {
                return literal.equalsIgnoreCase(value);
            }
            return !value.isEmpty() && constraint.map(c -> c.accepts(value)).orElse(true);
        }

        /**
         * How specific the segment is; lower wins. A literal beats a constrained parameter, which beats
         * a plain parameter, which beats an optional one.
         */
        int rank() {
            if (isLiteral()) {
                return 0;
            }
            return optional ? 3 : constraint.isPresent() ? 1 : 2;
        }

        /** The segment with its parameter name left out: two templates with the same shapes match the same paths. */
        String shape() {
            if (isLiteral()) {
                return literal.toLowerCase(Locale.ROOT);
            }
            return "{" + constraint.map(c -> ":" + c.name()).orElse("") + (optional ? "?" : "") + "}";
        }
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}?]*))?(\\?)?}");

    private final String text;
    private final List<Segment> segments;

    private RouteTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /**
     * Parses {@code prefix/route}; an empty prefix means none.
     *
     * @throws IllegalArgumentException saying what in the template is not supported
     */
    public static RouteTemplate parse(String prefix, String route) {
        String trimmedRoute = trimSlashes(route);
        String text = prefix.isEmpty() ? trimmedRoute : trimmedRoute.isEmpty() ? prefix : prefix + "/" + trimmedRoute;
        List<Segment> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String[] parts = text.isEmpty() ? new String[0] : text.split("/", -1);
        for (int index = 0; index < parts.length; index++) {
            Segment segment = segment(parts[index], text);
            if (segment.optional() && index != parts.length - 1) {
                throw new IllegalArgumentException("route '" + text + "': only the last segment may be optional");
            }
            if (!segment.isLiteral()) {
                if (names.stream().anyMatch(segment.parameter()::equalsIgnoreCase)) {
                    throw new IllegalArgumentException("route '" + text + "': parameter {" + segment.parameter() + "} appears twice");
                }
                names.add(segment.parameter());
            }
            segments.add(segment);
        }
        return new RouteTemplate(text, segments);
    }

    /**
     * The route values if {@code pathSegments} (already percent-decoded) match this template; an absent
     * optional parameter has no entry. Parameter names are looked up case-insensitively, as in ASP.NET Core.
     */
    public Optional<Map<String, String>> match(List<String> pathSegments) {
        int required = segments.size() - (hasOptionalTail() ? 1 : 0);
        if (pathSegments.size() < required || pathSegments.size() > segments.size()) {
            return Optional.empty();
        }
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int index = 0; index < pathSegments.size(); index++) {
            Segment segment = segments.get(index);
            String value = pathSegments.get(index);
            if (!segment.matches(value)) {
                return Optional.empty();
            }
            if (!segment.isLiteral()) {
                values.put(segment.parameter(), value);
            }
        }
        return Optional.of(Collections.unmodifiableMap(values));
    }

    /** The constraint of a parameter, or empty if it has none; throws if there is no such parameter. */
    public Optional<Constraint> constraintOf(String parameter) {
        return parameterSegment(parameter).orElseThrow(() -> new IllegalArgumentException(
                "route '" + text + "' has no parameter {" + parameter + "}")).constraint();
    }

    public boolean hasParameter(String parameter) {
        return parameterSegment(parameter).isPresent();
    }

    public boolean isOptional(String parameter) {
        return parameterSegment(parameter).map(Segment::optional).orElse(false);
    }

    /**
     * Orders templates most specific first, segment by segment from the left (see {@link Segment#rank()});
     * where one template has ended, it counts as a literal, so {@code sessions} beats {@code sessions/{id?}}.
     */
    public static int bySpecificity(RouteTemplate a, RouteTemplate b) {
        int length = Math.max(a.segments.size(), b.segments.size());
        for (int index = 0; index < length; index++) {
            int difference = a.rankAt(index) - b.rankAt(index);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    /** Whether both templates match exactly the same paths (they differ at most in parameter names). */
    public boolean sameShapeAs(RouteTemplate other) {
        return shape().equals(other.shape());
    }

    @Override
    public String toString() {
        return "/" + text;
    }

    private int rankAt(int index) {
        return index < segments.size() ? segments.get(index).rank() : 0;
    }

    private List<String> shape() {
        return segments.stream().map(Segment::shape).toList();
    }

    private boolean hasOptionalTail() {
        return !segments.isEmpty() && segments.get(segments.size() - 1).optional();
    }

    private Optional<Segment> parameterSegment(String parameter) {
        return segments.stream().filter(s -> !s.isLiteral() && s.parameter().equalsIgnoreCase(parameter)).findFirst();
    }

    private static Segment segment(String part, String template) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("route '" + template + "' has an empty segment");
        }
        if (part.indexOf('{') < 0 && part.indexOf('}') < 0) {
            return new Segment(part, null, Optional.empty(), false);
        }
        Matcher matcher = PARAMETER.matcher(part);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("route '" + template + "': segment '" + part
                    + "' is not supported; use a whole-segment {name}, {name?} or {name:constraint}");
        }
        Optional<Constraint> constraint = Optional.ofNullable(matcher.group(2)).map(name -> constraint(name, template));
        return new Segment(null, matcher.group(1), constraint, matcher.group(3) != null);
    }

    private static Constraint constraint(String name, String template) {
        for (Constraint constraint : Constraint.values()) {
            if (constraint.name().equalsIgnoreCase(name)) {
                return constraint;
            }
        }
        throw new IllegalArgumentException("route '" + template + "': unknown constraint '" + name
                + "'; the local host supports int, guid and alpha");
    }

    /** The text without surrounding whitespace and slashes: how routes and the route prefix compare. */
    public static String trimSlashes(String route) {
        String trimmed = route.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
