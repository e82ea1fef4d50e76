package com.cardscry.portal.adapters.localsecrets;

import com.cardscry.portal.adapters.localfiles.OwnerOnlyFiles;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.application.port.Secret;
import com.cardscry.portal.application.port.SecretSource;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@link SecretSource} of local mode: secrets generated on first start and kept in one JSON file
 * that only its owner may read. See the package documentation for what it promises.
 */
public final class LocalSecretSource implements SecretSource, HealthIndicator, AutoCloseable {

    /** 256 bits, the size of every generated value; a stored value of another size is refused. */
    static final int VALUE_BYTES = 32;
    /** A version id is 128 random bits in lowercase hex, the shape Key Vault gives its versions. */
    private static final int VERSION_ID_BYTES = 16;
    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{32}");
    /** Key Vault's rule for secret names, so that a name used locally also works there. */
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
    private static final int FORMAT = 1;
    private static final String COMPONENT = "secrets";
    private static final String IMPLEMENTATION = "local";
    private static final HexFormat HEX = HexFormat.of();
    private static final System.Logger LOG = System.getLogger(LocalSecretSource.class.getName());

    // Duplicate names and trailing text are refused: either would silently drop versions that a
    // hand-edited file meant to keep.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The file as stored: each name's versions, oldest first, values in Base64. */
    private record StoredFile(Integer format, Map<String, List<StoredVersion>> secrets) {
    }

    private record StoredVersion(String version, String value) {
        @Override
        public String toString() {
            return "StoredVersion[" + version + "]";
        }
    }

    /** One name's versions, oldest first; never empty. */
    private record Versions(List<Secret> oldestFirst) {

        Versions {
            oldestFirst = List.copyOf(oldestFirst);
        }

        Secret current() {
            return oldestFirst.get(oldestFirst.size() - 1);
        }

        Optional<Secret> find(String version) {
            return oldestFirst.stream().filter(secret -> secret.version().equals(version)).findFirst();
        }

        List<Secret> newestFirst() {
            List<Secret> newestFirst = new ArrayList<>(oldestFirst);
            Collections.reverse(newestFirst);
            return List.copyOf(newestFirst);
        }

        Versions plus(Secret newest) {
            List<Secret> more = new ArrayList<>(oldestFirst);
            more.add(newest);
            return new Versions(more);
        }
    }

    private final Path file;
    private final SecureRandom random;
    /** Replaced whole on every change, so reads need no lock and never see half a rotation. */
    private volatile Map<String, Versions> secrets;
    private volatile boolean closed;

    private LocalSecretSource(Path file, SecureRandom random, Map<String, Versions> secrets) {
        this.file = file;
        this.random = random;
        this.secrets = Map.copyOf(secrets);
    }

    /**
     * Loads the secrets file, generates every required secret it lacks and writes those back before
     * returning. Secrets in the file that are not required are kept and served.
     *
     * @param file          the secrets file; it and missing folders are created owner-only
     * @param requiredNames names the application needs; each is 1 to 127 letters, digits or hyphens
     * @param random        the source of every value and version id
     * @throws IllegalStateException if the file exists but is not a valid secrets file; it is left
     *                               untouched, and the message names it
     * @throws UncheckedIOException  if the file cannot be read or written
     */
    public static LocalSecretSource open(Path file, Set<String> requiredNames, SecureRandom random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(random, "random");
        requiredNames.forEach(LocalSecretSource::requireValidName);
        Path absolute = file.toAbsolutePath();
        boolean exists = Files.exists(absolute);
        Map<String, Versions> secrets = exists ? read(absolute) : new HashMap<>();

        List<String> generated = new ArrayList<>();
        for (String name : new TreeSet<>(requiredNames)) {
            if (!secrets.containsKey(name)) {
                secrets.put(name, new Versions(List.of(newVersion(name, Optional.empty(), random))));
                generated.add(name);
            }
        }
        if (!generated.isEmpty()) {
            write(absolute, secrets);
            LOG.log(System.Logger.Level.INFO, "generated local secrets {0} in {1}", generated, absolute);
        } else if (exists) {
            narrowToOwner(absolute);
        }
        return new LocalSecretSource(absolute, random, secrets);
    }

    @Override
    public Secret current(String name) {
        return versionsOf(name).current();
    }

    @Override
    public Optional<Secret> version(String name, String version) {
        requireOpen();
        Versions versions = secrets.get(name);
        return versions == null ? Optional.empty() : versions.find(version);
    }

    @Override
    public List<Secret> versions(String name) {
        requireOpen();
        Versions versions = secrets.get(name);
        return versions == null ? List.of() : versions.newestFirst();
    }

    /**
     * Adds a new random version of a secret and makes it current; older versions stay readable through
     * {@link #version}. The file is written before the new version is served, so a version that was
     * ever returned survives a restart.
     *
     * @return the new current version
     * @throws IllegalArgumentException if the source has no secret of that name
     * @throws UncheckedIOException     if the file cannot be written; the source is then unchanged
     */
    public synchronized Secret rotate(String name) {
        Versions versions = versionsOf(name);
        Secret newest = newVersion(name, Optional.of(versions), random);
        Map<String, Versions> next = new HashMap<>(secrets);
        next.put(name, versions.plus(newest));
        write(file, next);
        secrets = Map.copyOf(next);
        LOG.log(System.Logger.Level.INFO, "rotated local secret {0} to version {1}", name, newest.version());
        return newest;
    }

    /** Up while open; the secrets are in memory, so there is nothing further to ask. */
    @Override
    public ComponentHealth check() {
        return closed ? ComponentHealth.down(COMPONENT, IMPLEMENTATION, "closed")
                : ComponentHealth.up(COMPONENT, IMPLEMENTATION);
    }

    /** After closing, every call but {@link #check()} throws {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "LocalSecretSource[" + file + "]";
    }

    private Versions versionsOf(String name) {
        requireOpen();
        Versions versions = secrets.get(name);
        if (versions == null) {
            throw new IllegalArgumentException("no secret named '" + name + "' in " + file);
        }
        return versions;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("local secret source is closed");
        }
    }

    private static void requireValidName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("secret name '" + name + "' is not 1 to 127 letters, digits or hyphens");
        }
    }

    private static Secret newVersion(String name, Optional<Versions> existing, SecureRandom random) {
        byte[] id = new byte[VERSION_ID_BYTES];
        random.nextBytes(id);
        String version = HEX.formatHex(id);
        if (existing.flatMap(versions -> versions.find(version)).isPresent()) {
            // Two equal versions would make version(name, v) ambiguous and the file unreadable.
            throw new IllegalStateException("the random source repeated a version id of secret '" + name + "'");
        }
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        return new Secret(name, version, value);
    }

    private static Map<String, Versions> read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read local secrets file " + file, e);
        }
        StoredFile stored;
        try {
            stored = MAPPER.readValue(content, StoredFile.class);
        } catch (IOException e) {
            // Jackson's message quotes the offending text, which may be part of a secret value, so
            // only the position is passed on and the exception is not attached as the cause.
            throw damaged(file, "it is not JSON of the expected shape" + position(e));
        }
        if (stored == null || !Integer.valueOf(FORMAT).equals(stored.format())) {
            throw damaged(file, "it does not say \"format\": " + FORMAT);
        }
        if (stored.secrets() == null) {
            throw damaged(file, "it has no \"secrets\" object");
        }
        Map<String, Versions> secrets = new HashMap<>();
        stored.secrets().forEach((name, versions) -> secrets.put(name, decode(file, name, versions)));
        return secrets;
    }

    private static Versions decode(Path file, String name, List<StoredVersion> stored) {
        if (!NAME.matcher(name).matches()) {
            throw damaged(file, "a secret name is not 1 to 127 letters, digits or hyphens");
        }
        if (stored == null || stored.isEmpty()) {
            throw damaged(file, "secret '" + name + "' has no versions");
        }
        List<Secret> versions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < stored.size(); i++) {
            // Positions, never contents: a damaged entry may hold a value in the wrong place.
            String where = "version " + (i + 1) + " of secret '" + name + "'";
            StoredVersion entry = stored.get(i);
            if (entry == null || entry.version() == null || !VERSION_ID.matcher(entry.version()).matches()) {
                throw damaged(file, where + " has no id of 32 lowercase hex digits");
            }
            if (!seen.add(entry.version())) {
                throw damaged(file, where + " repeats an earlier version id");
            }
            versions.add(new Secret(name, entry.version(), decodeValue(file, where, entry.value())));
        }
        return new Versions(versions);
    }

    private static byte[] decodeValue(Path file, String where, String base64) {
        byte[] value;
        try {
            value = base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw damaged(file, where + " has a value that is not Base64");
        }
        if (value.length != VALUE_BYTES) {
            throw damaged(file, where + " has a value of " + value.length + " bytes instead of " + VALUE_BYTES);
        }
        return value;
    }

    private static String position(IOException e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            JsonLocation location = json.getLocation();
            return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return "";
    }

    private static IllegalStateException damaged(Path file, String reason) {
        return new IllegalStateException("local secrets file " + file + " is damaged: " + reason + ". It was left"
                + " as it is: restore it from a backup, or move it away to generate new secrets (which makes"
                + " everything made with the old ones unverifiable).");
    }

    /**
     * Replaces the file atomically with a new one that is owner-only from its creation: a reader sees
     * the old file or the new one, never a partial one, and the secrets are never readable by others.
     */
    private static void write(Path file, Map<String, Versions> secrets) {
        Map<String, List<StoredVersion>> byName = new TreeMap<>();
        secrets.forEach((name, versions) -> byName.put(name, versions.oldestFirst().stream()
                .map(secret -> new StoredVersion(secret.version(), Base64.getEncoder().encodeToString(secret.value())))
                .toList()));
        try {
            OwnerOnlyFiles.writeAtomically(file, MAPPER.writeValueAsBytes(new StoredFile(FORMAT, byName)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write local secrets file " + file, e);
        }
    }

    /** A file made by hand or by an older version may be wider; it is narrowed, not refused. */
    private static void narrowToOwner(Path file) {
        try {
            if (OwnerOnlyFiles.narrowToOwner(file)) {
                LOG.log(System.Logger.Level.WARNING, "local secrets file {0} had wider permissions than owner-only; narrowed them", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make local secrets file " + file + " owner-only", e);
        }
    }
}
