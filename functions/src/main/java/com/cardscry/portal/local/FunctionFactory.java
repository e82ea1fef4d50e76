package com.cardscry.portal.local;

/**
 * Makes a function-class instance for one invocation, as the Functions worker does. The local host's
 * main uses the portal's {@code FunctionInstanceInjector}; tests pass their own.
 */
@FunctionalInterface
public interface FunctionFactory {

    <T> T newInstance(Class<T> functionClass) throws Exception;
}
