package com.cardscry.portal.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionKeysTest {

    @TempDir
    Path dataDir;

    private Settings generated() {
        return Settings.of(Map.of("PORTAL_DATA_DIR", dataDir.toString()));
    }

    private JsonNode keysFile() throws IOException {
        return new ObjectMapper().readTree(dataDir.resolve(FunctionKeys.FILE_NAME).toFile());
    }

    @Test
    void generatedKeysAreKeptOwnerOnlyAndReusedAcrossStarts() throws IOException {
        FunctionKeys first = FunctionKeys.load(generated());
        Path file = dataDir.resolve(FunctionKeys.FILE_NAME);
        JsonNode stored = keysFile();
        String functionKey = stored.path("functionKey").asText();
        String masterKey = stored.path("masterKey").asText();

        FunctionKeys second = FunctionKeys.load(generated());

        assertEquals(Optional.of(file), first.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(43, functionKey.length(), "32 bytes, base64url without padding");
        assertTrue(functionKey.matches("[A-Za-z0-9_-]+"));
        assertFalse(functionKey.equals(masterKey));
        assertEquals(stored, keysFile(), "a later start keeps the file");
        assertTrue(second.admits(AuthorizationLevel.FUNCTION, Optional.of(functionKey)));
        assertTrue(second.admits(AuthorizationLevel.ADMIN, Optional.of(masterKey)));
        assertFalse(second.admits(AuthorizationLevel.ADMIN, Optional.of(functionKey)));
    }

    @Test
    void aKeysFileOthersCouldReadIsRestrictedToTheOwner() throws IOException {
        FunctionKeys.load(generated());
        Path file = dataDir.resolve(FunctionKeys.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        FunctionKeys.load(generated());

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aKeyFromSettingsReplacesOnlyThatGeneratedKey() throws IOException {
        String master = "master-from-settings-0123456789abcdefghij";
        FunctionKeys keys = FunctionKeys.load(generated().overriddenBy(Map.of("PORTAL_LOCAL_MASTER_KEY", master)));

        assertTrue(keys.admits(AuthorizationLevel.ADMIN, Optional.of(master)));
        assertFalse(keys.admits(AuthorizationLevel.ADMIN, Optional.of(keysFile().path("masterKey").asText())));
        assertTrue(keys.admits(AuthorizationLevel.FUNCTION, Optional.of(keysFile().path("functionKey").asText())));
    }

    @Test
    void keysFromSettingsNeedNoFileAndNeverShowInToString() {
        String function = "function-from-settings-0123456789abcdefgh";
        String master = "master-from-settings-0123456789abcdefghij";
        FunctionKeys keys = FunctionKeys.load(generated().overriddenBy(Map.of(
                "PORTAL_LOCAL_FUNCTION_KEY", function, "PORTAL_LOCAL_MASTER_KEY", master)));

        assertEquals(Optional.empty(), keys.file());
        assertFalse(Files.exists(dataDir.resolve(FunctionKeys.FILE_NAME)));
        assertFalse(keys.toString().contains(function) || keys.toString().contains(master));
        assertTrue(keys.admits(AuthorizationLevel.ANONYMOUS, Optional.empty()));
        assertFalse(keys.admits(AuthorizationLevel.FUNCTION, Optional.empty()));
    }
}
