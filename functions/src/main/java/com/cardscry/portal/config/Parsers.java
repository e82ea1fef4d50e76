package com.cardscry.portal.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** An origin: scheme, host name or bracketed IPv6 address, and a port without leading zeros. */
    private static final Pattern ORIGIN = Pattern.compile(
            "(https?)://(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+])(?::([1-9][0-9]{0,4}))?");

    /**
     * Empty is none; otherwise comma-separated origins exactly as browsers send them in {@code Origin}
     * (scheme, lowercase host, and a port only when it is not the scheme's default), since they are
     * compared as text. {@code *} is refused: with credentials it would let any site act as the user.
     */
    static List<String> origins(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> origins = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String origin = entry.strip();
            Matcher matcher = ORIGIN.matcher(origin);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not an origin");
            }
            String port = matcher.group(2);
            String defaultPort = matcher.group(1).equals("https") ? "443" : "80";
            if (port != null && (port.equals(defaultPort) || Integer.parseInt(port) > 65_535)) {
                throw new IllegalArgumentException("not an origin as browsers send it");
            }
            origins.add(origin);
        }
        return List.copyOf(origins);
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

    static Optional<String> optionalText(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        };
    }

    /** A Cosmos DB database name. */
    static String resourceName(String text) {
        if (!text.matches("[A-Za-z0-9_-]{1,255}")) {
            throw new IllegalArgumentException("not a resource name");
        }
        return text;
    }

    /** A blob container name, by Azure Storage's rules. */
    static String containerName(String text) {
        if (!text.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("not a container name");
        }
        return text;
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
