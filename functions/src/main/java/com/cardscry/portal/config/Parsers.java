package com.cardscry.portal.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsers for setting values; each throws {@link IllegalArgumentException} on a value it does not accept. */
final class Parsers {

    private Parsers() {
    }

    static <E extends Enum<E>> Function<String, E> lowercaseEnum(Class<E> type) {
        return text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    }

    static <E extends Enum<E>> String acceptedValues(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    static Function<String, Integer> integer(int min, int max) {
        return text -> {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        };
    }

    /** Empty stays empty; otherwise an absolute https URL with a host. */
    static Optional<URI> optionalHttpsUrl(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri = URI.create(text);
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an https URL");
        }
        return Optional.of(uri);
    }

    /** Empty stays empty; otherwise a GUID such as Entra ID client ids. */
    static Optional<String> optionalGuid(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("not a GUID");
        }
        return Optional.of(text);
    }

    static Path path(String text) {
        return Path.of(text);
    }

    /** A secret-like key: at least 32 characters of URL-safe Base64 alphabet, like Functions keys. */
    static String key(String text) {
        if (text.length() < 32 || !text.matches("[A-Za-z0-9_\\-=]+")) {
            throw new IllegalArgumentException("weak or malformed key");
        }
        return text;
    }
}
