package com.cardscry.portal.local.triggerfixtures;

import com.cardscry.portal.local.FunctionFactory;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/** How the trigger tests hand fixture functions to the host's components. */
public final class FixtureFunctions {

    /** Makes instances with the public no-argument constructor, as the default Functions worker does. */
    public static final FunctionFactory FACTORY = FixtureFunctions::construct;

    private FixtureFunctions() {
    }

    /** The {@code @FunctionName} methods of the given fixture classes. */
    public static List<Method> methods(Class<?>... functionClasses) {
        return Arrays.stream(functionClasses)
                .flatMap(type -> Arrays.stream(type.getMethods()))
                .filter(method -> method.isAnnotationPresent(FunctionName.class))
                .toList();
    }

    private static <T> T construct(Class<T> type) throws ReflectiveOperationException {
        return type.getDeclaredConstructor().newInstance();
    }
}
