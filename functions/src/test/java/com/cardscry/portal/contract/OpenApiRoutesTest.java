package com.cardscry.portal.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Portal;
import com.cardscry.portal.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the functions describe the same HTTP surface: every route the app serves
 * is documented, every documented operation is served by exactly one function, under the function's
 * name, with the security its auth level implies.
 */
class OpenApiRoutesTest {

    /** The function-key schemes of the document; either one authenticates a FUNCTION or ADMIN route. */
    static final Set<String> FUNCTION_KEY_SCHEMES = Set.of("functionKey", "functionKeyQuery");

    private static List<Route> routes;
    private static List<String> triggersWithoutMethods;
    private static OpenApiContract contract;

    /** One method of one HTTP-triggered function, with its route as an OpenAPI path template. */
    record Route(String functionName, String method, String path, AuthorizationLevel authLevel) {
        @Override
        public String toString() {
            return method + " " + path + " (function " + functionName + ")";
        }
    }

    @BeforeAll
    static void readBothSides(@TempDir Path dataDir) {
        try (Portal portal = Portal.build(Settings.of(Map.of(
                "PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString())))) {
            routes = routesOf(portal.functionClasses());
            triggersWithoutMethods = triggersWithoutMethods(portal.functionClasses());
        }
        contract = OpenApiContract.load();
    }

    @Test
    void the_app_serves_at_least_one_route() {
        assertFalse(routes.isEmpty(), "no @HttpTrigger found on the portal's function classes");
    }

    @Test
    void every_served_route_is_a_documented_operation() {
        List<Route> undocumented = routes.stream()
                .filter(route -> operationOf(route).isEmpty())
                .toList();

        assertEquals(List.of(), undocumented, "routes missing from " + OpenApiContract.DOCUMENT);
    }

    @Test
    void every_documented_operation_is_served_by_exactly_one_function() {
        List<String> notServedOnce = contract.operations().stream()
                .filter(operation -> servingRoutes(operation).size() != 1)
                .map(operation -> operation + " is served by " + servingRoutes(operation))
                .toList();

        assertEquals(List.of(), notServedOnce);
    }

    @Test
    void every_operation_id_is_the_function_name() {
        List<String> mismatched = routes.stream()
                .flatMap(route -> operationOf(route).stream()
                        .filter(operation -> !route.functionName().equals(operation.operationId()))
                        .map(operation -> operation + " has operationId " + operation.operationId() + ", expected " + route.functionName()))
                .toList();

        assertEquals(List.of(), mismatched);
    }

    @Test
    void operation_ids_are_unique_so_a_function_serves_one_method() {
        List<String> ids = contract.operations().stream().map(OpenApiContract.Operation::operationId).toList();

        assertEquals(ids.size(), Set.copyOf(ids).size(), "duplicate operationIds in " + ids);
    }

    @Test
    void every_operation_declares_the_security_its_auth_level_implies() {
        List<String> wrong = routes.stream()
                .flatMap(route -> operationOf(route).stream()
                        .flatMap(operation -> securityViolation(route.authLevel(), operation.security()).stream()
                                .map(violation -> operation + ": " + violation)))
                .toList();

        assertEquals(List.of(), wrong);
    }

    @Test
    void every_trigger_declares_its_methods() {
        // Without methods the host accepts every method, which the document could not describe.
        assertEquals(List.of(), triggersWithoutMethods);
    }

    /** The rule the security test applies, tested on its own because the app has few routes yet. */
    @Nested
    class SecurityRule {

        private final ObjectMapper json = new ObjectMapper();

        @Test
        void anonymous_routes_declare_no_function_key() throws Exception {
            assertTrue(securityViolation(AuthorizationLevel.ANONYMOUS, json.readTree("[]")).isEmpty());
            assertTrue(securityViolation(AuthorizationLevel.ANONYMOUS, json.readTree("[{\"bearer\":[]}]")).isEmpty());
            assertTrue(securityViolation(AuthorizationLevel.ANONYMOUS, json.readTree("[{\"functionKey\":[]}]")).isPresent());
            assertTrue(securityViolation(AuthorizationLevel.ANONYMOUS, json.missingNode()).isPresent());
        }

        @Test
        void function_and_admin_routes_declare_the_function_key_and_nothing_else() throws Exception {
            JsonNode either = json.readTree("[{\"functionKey\":[]},{\"functionKeyQuery\":[]}]");
            assertTrue(securityViolation(AuthorizationLevel.FUNCTION, either).isEmpty());
            assertTrue(securityViolation(AuthorizationLevel.ADMIN, json.readTree("[{\"functionKey\":[]}]")).isEmpty());
            assertTrue(securityViolation(AuthorizationLevel.FUNCTION, json.readTree("[]")).isPresent());
            assertTrue(securityViolation(AuthorizationLevel.FUNCTION, json.readTree("[{\"functionKeyQuery\":[]}]")).isPresent());
            assertTrue(securityViolation(AuthorizationLevel.ADMIN, json.readTree("[{\"functionKey\":[]},{\"bearer\":[]}]")).isPresent());
            assertTrue(securityViolation(AuthorizationLevel.FUNCTION, json.missingNode()).isPresent());
        }
    }

    @Nested
    class RouteTemplates {

        @Test
        void constraints_and_optional_markers_become_plain_parameters() {
            assertEquals("/v1/subscriptions/{id}/keys/{keyId}", openApiPath("v1/subscriptions/{id:guid}/keys/{keyId?}"));
            assertEquals("/v1/health", openApiPath("v1/health"));
            assertEquals("/v1/files/{path}", openApiPath("v1/files/{*path}"));
        }
    }

    /**
     * Why {@code security} does not fit the auth level, if it does not. ANONYMOUS routes must declare it
     * (so that no global default applies by accident) and use no function key; a route authenticated
     * in code names its scheme ({@code bearer}). FUNCTION and ADMIN routes take the function key,
     * in the header or the query, and nothing else.
     */
    static Optional<String> securityViolation(AuthorizationLevel level, JsonNode security) {
        if (!security.isArray()) {
            return Optional.of("declares no security; expected " + (level == AuthorizationLevel.ANONYMOUS
                    ? "security: [] (or the scheme it checks in code)" : "the functionKey scheme"));
        }
        Set<String> schemes = StreamSupport.stream(security.spliterator(), false)
                .flatMap(requirement -> StreamSupport.stream(((Iterable<String>) requirement::fieldNames).spliterator(), false))
                .collect(Collectors.toSet());
        if (level == AuthorizationLevel.ANONYMOUS) {
            return schemes.stream().anyMatch(FUNCTION_KEY_SCHEMES::contains)
                    ? Optional.of("is anonymous but declares a function key: " + schemes)
                    : Optional.empty();
        }
        if (!schemes.contains("functionKey") || !FUNCTION_KEY_SCHEMES.containsAll(schemes)) {
            return Optional.of("has auth level " + level + " but declares " + schemes + "; expected functionKey (and functionKeyQuery)");
        }
        return Optional.empty();
    }

    /** An Azure Functions route template as an OpenAPI path: {@code {id:int}}, {@code {id?}}, {@code {*id}} become {@code {id}}. */
    static String openApiPath(String route) {
        return "/" + route.replaceAll("\\{\\*?([A-Za-z0-9_]+)(:[^}]*)?\\??}", "{$1}");
    }

    private static List<Route> routesOf(Set<Class<?>> functionClasses) {
        List<Route> found = new ArrayList<>();
        for (Class<?> functionClass : functionClasses) {
            for (Method method : functionClass.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                triggerOf(method).ifPresent(trigger -> {
                    // An empty route means the function's name, as on the Functions host.
                    String route = trigger.route().isEmpty() ? name.value() : trigger.route();
                    for (HttpMethod httpMethod : trigger.methods()) {
                        found.add(new Route(name.value(), httpMethod.name(), openApiPath(route), trigger.authLevel()));
                    }
                });
            }
        }
        return found;
    }

    private static List<String> triggersWithoutMethods(Set<Class<?>> functionClasses) {
        List<String> open = new ArrayList<>();
        for (Class<?> functionClass : functionClasses) {
            for (Method method : functionClass.getMethods()) {
                triggerOf(method).filter(trigger -> trigger.methods().length == 0)
                        .ifPresent(trigger -> open.add(method.getAnnotation(FunctionName.class).value()));
            }
        }
        return open;
    }

    private static Optional<HttpTrigger> triggerOf(Method method) {
        if (method.getAnnotation(FunctionName.class) == null) {
            return Optional.empty();
        }
        for (Parameter parameter : method.getParameters()) {
            HttpTrigger trigger = parameter.getAnnotation(HttpTrigger.class);
            if (trigger != null) {
                return Optional.of(trigger);
            }
        }
        return Optional.empty();
    }

    private static Optional<OpenApiContract.Operation> operationOf(Route route) {
        return contract.operations().stream()
                .filter(operation -> operation.method().equals(route.method()) && operation.pathTemplate().equals(route.path()))
                .findFirst();
    }

    private static List<Route> servingRoutes(OpenApiContract.Operation operation) {
        return routes.stream()
                .filter(route -> operation.method().equals(route.method()) && operation.pathTemplate().equals(route.path()))
                .toList();
    }
}
