package com.cardscry.portal.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Values} of a {@code local.settings.json}, the file Core Tools reads for local app settings.
 * Values must be strings, numbers or booleans (numbers and booleans are taken as their text); an
 * encrypted file is refused, since only Core Tools can decrypt it. Messages never repeat a value.
 */
public final class LocalSettingsFile {

    /** The file name the local host looks for in its working directory. */
    public static final String FILE_NAME = "local.settings.json";

    private LocalSettingsFile() {
    }

    /**
     * The values in {@code file}; none when it does not exist.
     *
     * @throws IllegalArgumentException when the file is not valid JSON, is encrypted, or has a non-scalar value
     */
    public static Map<String, String> values(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException invalid) {
            throw new IllegalArgumentException(file + " is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object");
        }
        if (root.path("IsEncrypted").asBoolean(false)) {
            throw new IllegalArgumentException(file + " is encrypted; decrypt it with 'func settings decrypt' or write plain values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        root.path("Values").fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                return;
            }
            if (!value.isValueNode()) {
                throw new IllegalArgumentException(file + ": Values." + field.getKey() + " must be a string");
            }
            values.put(field.getKey(), value.asText());
        });
        return values;
    }
}
