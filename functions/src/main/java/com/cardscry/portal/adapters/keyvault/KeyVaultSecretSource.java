package com.cardscry.portal.adapters.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.application.port.Secret;
import com.cardscry.portal.application.port.SecretSource;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The {@link SecretSource} that runs in Azure: the app's secrets from Key Vault, held in memory and
 * refreshed in the background. See the package documentation for what it promises.
 */
public final class KeyVaultSecretSource implements SecretSource, HealthIndicator, AutoCloseable {

    /** How often every secret is re-read when the composition root has no other setting. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
    /** A version missing from the cache makes at most one refresh of its secret per this period. */
    static final Duration MISS_REFRESH_GAP = Duration.ofSeconds(30);
    /** Health stays up while the cache is at most this many refresh intervals old. */
    static final int MAX_AGE_IN_INTERVALS = 3;
    /** Every secret is at least 256 bits; a shorter value is a provisioning mistake, not a secret. */
    static final int MIN_VALUE_BYTES = 32;
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
    private static final String COMPONENT = "secrets";
    private static final String IMPLEMENTATION = "keyvault";
    private static final System.Logger LOG = System.getLogger(KeyVaultSecretSource.class.getName());

    /** One version of a secret with the attributes that decide whether it may be served. */
    private record CachedVersion(Secret secret, Instant created, Optional<Instant> expires) {

        boolean isServableAt(Instant now) {
            return expires.map(now::isBefore).orElse(true);
        }

        String id() {
            return secret.version();
        }
    }

    /** The enabled versions of one secret, newest first; never empty. Replaced whole on refresh. */
    private record Versions(List<CachedVersion> newestFirst) {

        /** Newest by creation time; two versions created in the same second are ordered by id. */
        static final Comparator<CachedVersion> NEWEST_FIRST = Comparator.comparing(CachedVersion::created)
                .thenComparing(CachedVersion::id).reversed();

        Versions {
            newestFirst = newestFirst.stream().sorted(NEWEST_FIRST).toList();
        }

        Optional<Secret> current(Instant now) {
            return newestFirst.stream().filter(version -> version.isServableAt(now)).findFirst().map(CachedVersion::secret);
        }

        Optional<Secret> find(String id, Instant now) {
            return newestFirst.stream().filter(version -> version.id().equals(id) && version.isServableAt(now))
                    .findFirst().map(CachedVersion::secret);
        }

        List<Secret> servable(Instant now) {
            return newestFirst.stream().filter(version -> version.isServableAt(now)).map(CachedVersion::secret).toList();
        }

        Optional<CachedVersion> cached(String id) {
            return newestFirst.stream().filter(version -> version.id().equals(id)).findFirst();
        }
    }

    /** How the latest refresh of every secret went; {@code failure} is operator-facing and value-free. */
    private record RefreshOutcome(Instant lastSuccess, Optional<String> failure) {
    }

    private final SecretClient client;
    private final String vault;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Map<String, Versions> cache;
    private final Map<String, Instant> lastMissRefresh = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;
    /** Serialises refreshes, so the background thread and {@link #refreshNow()} never interleave. */
    private final Object refreshLock = new Object();
    private volatile RefreshOutcome outcome;
    private volatile boolean closed;

    private KeyVaultSecretSource(SecretClient client, Clock clock, Duration refreshInterval, Map<String, Versions> loaded) {
        this.client = client;
        this.vault = client.getVaultUrl();
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.cache = new ConcurrentHashMap<>(loaded);
        this.outcome = new RefreshOutcome(clock.now(), Optional.empty());
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "keyvault-secret-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long intervalNanos = refreshInterval.toNanos();
        refresher.scheduleWithFixedDelay(this::refreshNow, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Reads every required secret from the vault, then keeps them fresh in the background.
     *
     * @param vaultUri        the vault, for example {@code https://kv-cardscry.vault.azure.net/}
     * @param credential      {@code DefaultAzureCredential} in Azure; needs the "Key Vault Secrets User" role
     * @param requiredNames   the secrets the app needs; each is 1 to 127 letters, digits or hyphens
     * @param refreshInterval how often every secret is re-read, for example {@link #DEFAULT_REFRESH_INTERVAL}
     * @param clock           decides which versions have expired and how old the cache is
     * @throws IllegalStateException      if a required secret is missing, has no enabled unexpired
     *                                    version, or has a version that is not a valid value; the
     *                                    message names the secret, never a value
     * @throws StoreUnavailableException  if the vault cannot be read after the SDK's retries
     */
    public static KeyVaultSecretSource start(URI vaultUri, TokenCredential credential, Set<String> requiredNames,
            Duration refreshInterval, Clock clock) {
        Objects.requireNonNull(vaultUri, "vaultUri");
        Objects.requireNonNull(credential, "credential");
        return start(new SecretClientBuilder().vaultUrl(vaultUri.toString()).credential(credential).buildClient(),
                requiredNames, refreshInterval, clock);
    }

    /**
     * As {@link #start(URI, TokenCredential, Set, Duration, Clock)}, with a client the caller built:
     * tests point it at a local vault double (own TLS trust, relaxed challenge check, quick retries).
     */
    static KeyVaultSecretSource start(SecretClient client, Set<String> requiredNames, Duration refreshInterval, Clock clock) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clock, "clock");
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("the refresh interval of the Key Vault secrets is positive");
        }
        requiredNames.forEach(KeyVaultSecretSource::requireValidName);
        Map<String, Versions> loaded = new HashMap<>();
        for (String name : new TreeSet<>(requiredNames)) {
            try {
                loaded.put(name, load(client, name, Optional.empty(), clock.now()));
            } catch (UnusableSecretException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new StoreUnavailableException("cannot read secret '" + name + "' from Key Vault "
                        + client.getVaultUrl() + " (" + describe(e) + ")", e);
            }
        }
        LOG.log(System.Logger.Level.INFO, "loaded secrets {0} from Key Vault {1}", new TreeSet<>(requiredNames), client.getVaultUrl());
        return new KeyVaultSecretSource(client, clock, refreshInterval, loaded);
    }

    /** From memory: the newest enabled, unexpired version as of the last refresh. */
    @Override
    public Secret current(String name) {
        requireOpen();
        Versions versions = cache.get(name);
        if (versions == null) {
            throw new IllegalArgumentException("no secret named '" + name + "' is loaded from Key Vault " + vault);
        }
        return versions.current(clock.now()).orElseThrow(() -> new StoreUnavailableException(
                "every loaded version of secret '" + name + "' has expired; the vault has no newer one yet"));
    }

    /**
     * From memory. A version the cache lacks (or no longer serves) of a loaded secret starts a refresh
     * of that secret in the background, at most once per {@link #MISS_REFRESH_GAP}, and this call
     * answers empty without waiting: the vault is never called on the caller's thread. A caller that
     * holds a version id made by another instance after a rotation sees it within a moment.
     */
    @Override
    public Optional<Secret> version(String name, String version) {
        requireOpen();
        Versions versions = cache.get(name);
        if (versions == null) {
            return Optional.empty();
        }
        Optional<Secret> found = versions.find(version, clock.now());
        if (found.isEmpty()) {
            refreshSoonAfterMiss(name);
        }
        return found;
    }

    /** From memory: the enabled, unexpired versions as of the last refresh, newest first. */
    @Override
    public List<Secret> versions(String name) {
        requireOpen();
        Versions versions = cache.get(name);
        return versions == null ? List.of() : versions.servable(clock.now());
    }

    /**
     * Up while the latest refresh read every secret, or while the cache it serves instead is at most
     * {@value #MAX_AGE_IN_INTERVALS} refresh intervals old. Never calls the vault.
     */
    @Override
    public ComponentHealth check() {
        if (closed) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "closed");
        }
        RefreshOutcome latest = outcome;
        if (latest.failure().isEmpty()) {
            return ComponentHealth.up(COMPONENT, IMPLEMENTATION);
        }
        Duration age = Duration.between(latest.lastSuccess(), clock.now());
        String detail = "serving secrets read at " + latest.lastSuccess() + "; the latest refresh failed: "
                + latest.failure().get();
        return age.compareTo(refreshInterval.multipliedBy(MAX_AGE_IN_INTERVALS)) <= 0
                ? new ComponentHealth(COMPONENT, IMPLEMENTATION, true, detail)
                : ComponentHealth.down(COMPONENT, IMPLEMENTATION, detail);
    }

    /** Stops the background refresh. After closing, every call but {@link #check()} throws {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "KeyVaultSecretSource[" + vault + "]";
    }

    /**
     * Re-reads every loaded secret now, on the caller's thread; what the background schedule runs.
     * A secret that cannot be read keeps its cached versions; the outcome is what {@link #check()} reports.
     */
    void refreshNow() {
        synchronized (refreshLock) {
            List<String> failures = new ArrayList<>();
            for (String name : new TreeSet<>(cache.keySet())) {
                refresh(name).ifPresent(failure -> failures.add(name + ": " + failure));
            }
            Instant now = clock.now();
            RefreshOutcome previous = outcome;
            outcome = failures.isEmpty() ? new RefreshOutcome(now, Optional.empty())
                    : new RefreshOutcome(previous.lastSuccess(), Optional.of(String.join("; ", failures)));
        }
    }

    /** Waits until the refreshes queued so far have run: the refresher runs its tasks in order. */
    void awaitQueuedRefreshes() throws InterruptedException, ExecutionException, TimeoutException {
        refresher.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    private void refreshSoonAfterMiss(String name) {
        Instant now = clock.now();
        Instant previous = lastMissRefresh.get(name);
        if (previous != null && now.isBefore(previous.plus(MISS_REFRESH_GAP))) {
            return;
        }
        // Of callers that miss at the same moment, only the one that records the time queues a refresh.
        boolean recorded = previous == null ? lastMissRefresh.putIfAbsent(name, now) == null
                : lastMissRefresh.replace(name, previous, now);
        if (!recorded) {
            return;
        }
        try {
            refresher.execute(() -> {
                synchronized (refreshLock) {
                    refresh(name);
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: there is nothing left to refresh for.
        }
    }

    /** Replaces one secret's cached versions with the vault's; on failure keeps them and says why. */
    private Optional<String> refresh(String name) {
        Versions cached = cache.get(name);
        try {
            Versions fresh = load(client, name, Optional.of(cached), clock.now());
            cache.put(name, fresh);
            Instant now = clock.now();
            Optional<Secret> before = cached.current(now);
            Optional<Secret> after = fresh.current(now);
            if (after.isPresent() && !after.map(Secret::version).equals(before.map(Secret::version))) {
                LOG.log(System.Logger.Level.INFO, "secret {0} from Key Vault {1} is now at version {2}",
                        name, vault, after.get().version());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            String failure = e instanceof UnusableSecretException ? e.getMessage() : describe(e);
            if (closed) {
                // close() interrupts a refresh under way; that is no fault of the vault.
                return Optional.of("closed");
            }
            LOG.log(System.Logger.Level.WARNING, "cannot refresh secret {0} from Key Vault {1} ({2}); still serving"
                    + " the versions read before", name, vault, failure);
            return Optional.of(failure);
        }
    }

    /**
     * The enabled, active, unexpired versions of one secret as the vault lists them now. Values already
     * cached are reused: a Key Vault version's value never changes, only its attributes do.
     */
    private static Versions load(SecretClient client, String name, Optional<Versions> cached, Instant now) {
        List<CachedVersion> servable = new ArrayList<>();
        try {
            for (SecretProperties properties : client.listPropertiesOfSecretVersions(name)) {
                if (!isServable(properties, now)) {
                    continue;
                }
                String id = properties.getVersion();
                Optional<Instant> expires = Optional.ofNullable(properties.getExpiresOn()).map(OffsetDateTime::toInstant);
                Instant created = properties.getCreatedOn().toInstant();
                Secret secret = cached.flatMap(versions -> versions.cached(id)).map(CachedVersion::secret)
                        .orElseGet(() -> new Secret(name, id, decode(name, id, client.getSecret(name, id).getValue())));
                servable.add(new CachedVersion(secret, created, expires));
            }
        } catch (ResourceNotFoundException e) {
            throw new UnusableSecretException("Key Vault " + client.getVaultUrl() + " has no secret '" + name
                    + "'; the app needs it (provisioning creates it)");
        }
        if (servable.isEmpty()) {
            throw new UnusableSecretException("secret '" + name + "' in Key Vault " + client.getVaultUrl()
                    + " has no enabled, active, unexpired version (or does not exist); the app needs one");
        }
        return new Versions(servable);
    }

    private static boolean isServable(SecretProperties properties, Instant now) {
        return Boolean.TRUE.equals(properties.isEnabled())
                && (properties.getNotBefore() == null || !now.isBefore(properties.getNotBefore().toInstant()))
                && (properties.getExpiresOn() == null || now.isBefore(properties.getExpiresOn().toInstant()));
    }

    /** A value is the standard Base64 of at least {@value #MIN_VALUE_BYTES} bytes; see the package documentation. */
    private static byte[] decode(String name, String version, String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes a character of the value, so it is not passed on.
            throw new UnusableSecretException("version " + version + " of secret '" + name + "' is not standard Base64");
        }
        if (bytes.length < MIN_VALUE_BYTES) {
            throw new UnusableSecretException("version " + version + " of secret '" + name + "' holds " + bytes.length
                    + " bytes; at least " + MIN_VALUE_BYTES + " are required");
        }
        return bytes;
    }

    /** An operator-facing reason that shows no value: the error's kind and, for an HTTP answer, its status. */
    private static String describe(RuntimeException e) {
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            String hint = status == 401 || status == 403 ? "; does the app's identity have the Key Vault Secrets User role?" : "";
            return "HTTP " + status + " from the vault" + hint;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getSimpleName() + (root == e ? "" : " caused by " + root.getClass().getSimpleName());
    }

    private static void requireValidName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("secret name '" + name + "' is not 1 to 127 letters, digits or hyphens");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Key Vault secret source is closed");
        }
    }

    /** The vault answered, but what it holds cannot be served; the message names the secret, never a value. */
    private static final class UnusableSecretException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnusableSecretException(String message) {
            super(message);
        }
    }
}
