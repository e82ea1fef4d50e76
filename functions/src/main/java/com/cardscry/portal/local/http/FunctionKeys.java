package com.cardscry.portal.local.http;

import com.cardscry.portal.config.PortalSettings;
import com.cardscry.portal.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The local host's function key and master key, and the auth-level check of the Functions host:
 * {@code ANONYMOUS} routes need no key, {@code FUNCTION} routes take the function key or the master
 * key, {@code ADMIN} routes only the master key. Keys are compared in constant time.
 *
 * <p>Each key comes from its setting ({@code PORTAL_LOCAL_FUNCTION_KEY}, {@code PORTAL_LOCAL_MASTER_KEY});
 * the value {@code generated} (the default) means a random key (32 bytes from {@link SecureRandom},
 * base64url) made on first start and kept in {@value #FILE_NAME} in the data folder, readable by the
 * owner only, so that it stays the same across restarts. The keys never appear in {@link #toString()}
 * or in any message.
 */
public final class FunctionKeys {

    /** The file, in the data folder, that keeps generated keys. */
    public static final String FILE_NAME = "local-host-keys.json";

    private static final String GENERATED = "generated";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] functionKeyDigest;
    private final byte[] masterKeyDigest;
    private final Optional<Path> file;

    private FunctionKeys(String functionKey, String masterKey, Optional<Path> file) {
        this.functionKeyDigest = digest(functionKey);
        this.masterKeyDigest = digest(masterKey);
        this.file = file;
    }

    /**
     * The keys the settings ask for, generating and storing them on first use.
     *
     * @throws UncheckedIOException when the keys file cannot be read or written
     */
    public static FunctionKeys load(Settings settings) {
        String functionKey = settings.get(PortalSettings.LOCAL_FUNCTION_KEY);
        String masterKey = settings.get(PortalSettings.LOCAL_MASTER_KEY);
        if (!functionKey.equals(GENERATED) && !masterKey.equals(GENERATED)) {
            return new FunctionKeys(functionKey, masterKey, Optional.empty());
        }
        Path file = settings.get(PortalSettings.DATA_DIR).resolve(FILE_NAME);
        Map<String, String> generated = readOrGenerate(file);
        return new FunctionKeys(
                functionKey.equals(GENERATED) ? generated.get("functionKey") : functionKey,
                masterKey.equals(GENERATED) ? generated.get("masterKey") : masterKey,
                Optional.of(file));
    }

    /** Where generated keys are kept; empty when both keys come from settings. */
    public Optional<Path> file() {
        return file;
    }

    /** Whether {@code presentedKey} opens a route of {@code level}. */
    public boolean admits(AuthorizationLevel level, Optional<String> presentedKey) {
        if (level == AuthorizationLevel.ANONYMOUS) {
            return true;
        }
        if (presentedKey.isEmpty()) {
            return false;
        }
        byte[] presented = digest(presentedKey.get());
        // Both comparisons always run, so timing does not tell which key was close.
        boolean isMaster = MessageDigest.isEqual(presented, masterKeyDigest);
        boolean isFunction = MessageDigest.isEqual(presented, functionKeyDigest);
        return level == AuthorizationLevel.ADMIN ? isMaster : isMaster | isFunction;
    }

    @Override
    public String toString() {
        return "FunctionKeys[" + file.map(path -> "generated in " + path).orElse("from settings") + "]";
    }

    /**
     * Keys are compared as SHA-256 digests: {@link MessageDigest#isEqual} is constant-time for inputs of
     * equal length, and digests always are, so not even a key's length leaks.
     */
    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Map<String, String> readOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            SecureRandom random = new SecureRandom();
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("functionKey", randomKey(random));
            keys.put("masterKey", randomKey(random));
            writeOwnerOnly(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(keys));
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local host keys in " + file, e);
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        restrictToOwner(file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<String, String> keys = new LinkedHashMap<>();
        for (String name : new String[] {"functionKey", "masterKey"}) {
            JsonNode key = root == null ? null : root.get(name);
            if (key == null || !key.isTextual() || key.asText().length() < 32) {
                throw new IllegalStateException(file + " has no usable " + name + "; delete the file to generate new keys");
            }
            keys.put(name, key.asText());
        }
        return keys;
    }

    private static String randomKey(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Writes a temporary file that is owner-only from its creation, then moves it into place, so the keys
     * are never readable by others and a crash never leaves half a file.
     */
    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = isPosix(directory)
                ? Files.createTempFile(directory, FILE_NAME, ".tmp", ownerOnlyAttribute())
                : Files.createTempFile(directory, FILE_NAME, ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (isPosix(file.toAbsolutePath().getParent())
                && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean isPosix(Path directory) {
        return Objects.requireNonNull(directory).getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnlyAttribute() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }
}
