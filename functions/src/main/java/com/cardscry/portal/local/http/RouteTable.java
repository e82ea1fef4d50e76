package com.cardscry.portal.local.http;

import com.microsoft.azure.functions.HttpMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the endpoint for a request the way ASP.NET Core endpoint routing (and so the Functions host)
 * does: among the endpoints whose template matches the path and which accept the method, the most
 * specific template wins ({@link RouteTemplate#bySpecificity}), so a literal segment beats a parameter:
 * {@code DELETE sessions/current} goes to a {@code sessions/current} route even though
 * {@code sessions/{id}} matches too, while {@code GET sessions/current} still reaches
 * {@code sessions/{id}} if only that one accepts {@code GET}. A path some template matches with no
 * endpoint accepting the method is {@link MethodNotAllowed}; a path no template matches is
 * {@link NotFound}.
 *
 * <p>Two endpoints whose templates match the same paths and which share a method are refused when the
 * table is made, since no request could tell them apart.
 */
public final class RouteTable {

    /** What a request resolves to. */
    public sealed interface Resolution permits Found, MethodNotAllowed, NotFound {
    }

    /** The endpoint to call and its route values. */
    public record Found(HttpEndpoint endpoint, Map<String, String> routeValues) implements Resolution {
    }

    /** The path exists but not for this method; {@code allowed} is what the {@code Allow} header lists. */
    public record MethodNotAllowed(Set<HttpMethod> allowed) implements Resolution {
    }

    /** No route matches the path. */
    public record NotFound() implements Resolution {
    }

    private final List<HttpEndpoint> bySpecificity;

    private RouteTable(List<HttpEndpoint> bySpecificity) {
        this.bySpecificity = List.copyOf(bySpecificity);
    }

    /** @throws IllegalStateException naming two endpoints no request could tell apart */
    public static RouteTable of(Collection<HttpEndpoint> endpoints) {
        List<HttpEndpoint> sorted = new ArrayList<>(endpoints);
        sorted.sort((a, b) -> RouteTemplate.bySpecificity(a.route(), b.route()));
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                HttpEndpoint a = sorted.get(i);
                HttpEndpoint b = sorted.get(j);
                if (a.route().sameShapeAs(b.route()) && !Collections.disjoint(a.methods(), b.methods())) {
                    throw new IllegalStateException("functions '" + a.functionName() + "' and '" + b.functionName()
                            + "' serve the same route " + a.route() + " with the same method");
                }
            }
        }
        return new RouteTable(sorted);
    }

    /** The endpoints, most specific route first. */
    public List<HttpEndpoint> endpoints() {
        return bySpecificity;
    }

    /**
     * @param method       the request's method, or empty when it is not one of {@link HttpMethod}
     * @param pathSegments the request path without its leading slash, split at {@code /} and percent-decoded
     */
    public Resolution resolve(Optional<HttpMethod> method, List<String> pathSegments) {
        if (method.isPresent()) {
            for (HttpEndpoint endpoint : bySpecificity) {
                if (endpoint.methods().contains(method.get())) {
                    Optional<Map<String, String>> values = endpoint.route().match(pathSegments);
                    if (values.isPresent()) {
                        return new Found(endpoint, values.get());
                    }
                }
            }
        }
        Set<HttpMethod> allowed = methodsAt(pathSegments);
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /**
     * The methods the endpoints matching a path accept together; empty when no route matches it.
     *
     * @param pathSegments as for {@link #resolve}
     */
    public Set<HttpMethod> methodsAt(List<String> pathSegments) {
        Set<HttpMethod> methods = EnumSet.noneOf(HttpMethod.class);
        for (HttpEndpoint endpoint : bySpecificity) {
            if (endpoint.route().match(pathSegments).isPresent()) {
                methods.addAll(endpoint.methods());
            }
        }
        return methods;
    }
}
