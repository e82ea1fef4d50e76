package com.cardscry.portal.config;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

/**
 * How the Functions worker (and the local host, the same way) obtains function instances: the worker
 * finds this class through {@link java.util.ServiceLoader} and asks it for an instance per
 * invocation, and the composition root makes one wired to the process's use cases.
 */
public final class PortalFunctionInstanceInjector implements FunctionInstanceInjector {

    @Override
    public <T> T getInstance(Class<T> functionClass) {
        return Portal.current().newFunction(functionClass);
    }
}
