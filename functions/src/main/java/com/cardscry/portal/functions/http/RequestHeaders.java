package com.cardscry.portal.functions.http;

import com.microsoft.azure.functions.HttpRequestMessage;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reading request headers the one way: by name, ignoring case, since the worker keeps no particular case. */
final class RequestHeaders {

    private RequestHeaders() {
    }

    /** The first value of the header called {@code name}, if the request has it. */
    static Optional<String> first(HttpRequestMessage<?> request, String name) {
        Map<String, String> headers = request.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(header -> name.equalsIgnoreCase(header.getKey()))
                .map(Map.Entry::getValue)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
