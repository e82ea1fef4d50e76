package com.cardscry.portal.local.http;

import com.cardscry.portal.local.FunctionCatalog;
import com.cardscry.portal.local.FunctionFactory;
import com.cardscry.portal.local.LocalExecutionContext;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP function as the local host serves it: its route template (route prefix plus the trigger's
 * route, or the function name when the trigger has none, as in Azure), the methods it accepts (all of
 * them when the trigger lists none), its auth level, and how its parameters are bound.
 *
 * <p>Every parameter must be bindable, which is checked when the endpoint is made so that a function the
 * host cannot call stops start-up: the {@code @HttpTrigger} parameter ({@code HttpRequestMessage<Optional<String>>}),
 * {@code @BindingName} route values ({@code String}, or {@code int}/{@code long} and their boxes for
 * {@code int}-constrained parameters; an absent optional value is {@code null}), and {@link ExecutionContext}.
 */
public final class HttpEndpoint {

    /** Produces one argument of an invocation. */
    private interface Argument {
        Object value(HttpRequestMessage<Optional<String>> request, Map<String, String> routeValues, String functionName);
    }

    private final String functionName;
    private final Class<?> functionClass;
    private final Method method;
    private final RouteTemplate route;
    private final Set<HttpMethod> methods;
    private final AuthorizationLevel authLevel;
    private final List<Argument> arguments;

    private HttpEndpoint(FunctionCatalog.Entry entry, RouteTemplate route, Set<HttpMethod> methods,
                         AuthorizationLevel authLevel, List<Argument> arguments) {
        this.functionName = entry.name();
        this.functionClass = entry.functionClass();
        this.method = entry.method();
        this.route = route;
        this.methods = Collections.unmodifiableSet(methods);
        this.authLevel = authLevel;
        this.arguments = List.copyOf(arguments);
    }

    /**
     * The endpoint of an HTTP function.
     *
     * @throws IllegalStateException naming the function when its route or a parameter is not supported
     */
    public static HttpEndpoint of(FunctionCatalog.Entry entry, String routePrefix) {
        HttpTrigger trigger = entry.trigger(HttpTrigger.class);
        String routeText = trigger.route().isBlank() ? entry.name() : trigger.route();
        RouteTemplate route;
        try {
            route = RouteTemplate.parse(routePrefix, routeText);
        } catch (IllegalArgumentException unsupported) {
            throw new IllegalStateException("function '" + entry.name() + "': " + unsupported.getMessage(), unsupported);
        }
        if (!HttpResponseMessage.class.isAssignableFrom(entry.method().getReturnType())) {
            throw new IllegalStateException("function '" + entry.name() + "' must return HttpResponseMessage");
        }
        Set<HttpMethod> methods = trigger.methods().length == 0
                ? EnumSet.allOf(HttpMethod.class) : EnumSet.copyOf(Arrays.asList(trigger.methods()));
        List<Argument> arguments = new ArrayList<>();
        Parameter[] parameters = entry.method().getParameters();
        for (int index = 0; index < parameters.length; index++) {
            arguments.add(argument(entry.name(), parameters[index], index == entry.triggerParameter(), route));
        }
        return new HttpEndpoint(entry, route, methods, trigger.authLevel(), arguments);
    }

    public String functionName() {
        return functionName;
    }

    public RouteTemplate route() {
        return route;
    }

    public Set<HttpMethod> methods() {
        return methods;
    }

    public AuthorizationLevel authLevel() {
        return authLevel;
    }

    /**
     * Calls the function on a fresh instance from {@code factory}.
     *
     * @throws InvocationTargetException carrying whatever the function threw
     * @throws Exception                 when the factory cannot make an instance
     */
    public HttpResponseMessage invoke(FunctionFactory factory, HttpRequestMessage<Optional<String>> request,
                                      Map<String, String> routeValues) throws Exception {
        Object instance = Modifier.isStatic(method.getModifiers()) ? null : factory.newInstance(functionClass);
        Object[] values = new Object[arguments.size()];
        for (int index = 0; index < values.length; index++) {
            values[index] = arguments.get(index).value(request, routeValues, functionName);
        }
        return (HttpResponseMessage) method.invoke(instance, values);
    }

    private static Argument argument(String functionName, Parameter parameter, boolean isTrigger, RouteTemplate route) {
        if (isTrigger) {
            if (!isRequestOfOptionalString(parameter.getParameterizedType())) {
                throw unsupported(functionName, parameter, "the @HttpTrigger parameter must be HttpRequestMessage<Optional<String>>");
            }
            return (request, routeValues, name) -> request;
        }
        BindingName binding = parameter.getAnnotation(BindingName.class);
        if (binding != null) {
            return routeValue(functionName, parameter, binding.value(), route);
        }
        if (parameter.getType() == ExecutionContext.class) {
            return (request, routeValues, name) -> new LocalExecutionContext(name);
        }
        throw unsupported(functionName, parameter, "the local host binds only the request, @BindingName route values and ExecutionContext");
    }

    private static Argument routeValue(String functionName, Parameter parameter, String name, RouteTemplate route) {
        if (!route.hasParameter(name)) {
            throw unsupported(functionName, parameter, "route " + route + " has no parameter {" + name + "}");
        }
        Class<?> type = parameter.getType();
        if (type == String.class) {
            return (request, routeValues, function) -> routeValues.get(name);
        }
        boolean intConstrained = route.constraintOf(name).filter(RouteTemplate.Constraint.INT::equals).isPresent();
        if (!intConstrained) {
            throw unsupported(functionName, parameter, "{" + name + "} has no int constraint, so it binds to String only");
        }
        if (type.isPrimitive() && route.isOptional(name)) {
            throw unsupported(functionName, parameter, "{" + name + "} is optional, so it needs Integer, Long or String");
        }
        if (type == int.class || type == Integer.class) {
            return (request, routeValues, function) -> Optional.ofNullable(routeValues.get(name)).map(Integer::valueOf).orElse(null);
        }
        if (type == long.class || type == Long.class) {
            return (request, routeValues, function) -> Optional.ofNullable(routeValues.get(name)).map(Long::valueOf).orElse(null);
        }
        throw unsupported(functionName, parameter, "a route value binds to String, int, Integer, long or Long");
    }

    private static boolean isRequestOfOptionalString(Type type) {
        if (!(type instanceof ParameterizedType request) || request.getRawType() != HttpRequestMessage.class) {
            return false;
        }
        Type body = request.getActualTypeArguments()[0];
        return body instanceof ParameterizedType optional && optional.getRawType() == Optional.class
                && optional.getActualTypeArguments()[0] == String.class;
    }

    private static IllegalStateException unsupported(String functionName, Parameter parameter, String why) {
        return new IllegalStateException("function '" + functionName + "': parameter '" + parameter.getName()
                + "' (" + parameter.getParameterizedType().getTypeName() + ") cannot be bound: " + why);
    }
}
