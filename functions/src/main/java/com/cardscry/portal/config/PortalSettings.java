package com.cardscry.portal.config;

import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.local.timer.NcrontabSchedule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every setting the portal reads, in one place. The README's configuration table,
 * {@code local.settings.sample.json} and the app settings Bicep writes are all checked against
 * {@link #ALL} by tests.
 */
public final class PortalSettings {

    /** Where the portal runs; decides which adapters and development aids may be used. */
    public enum Environment { LOCAL, AZURE }

    /** Which document store backs the portal. */
    public enum StoreKind { EMBEDDED, COSMOS }

    /** Which queue service carries the portal's messages. */
    public enum QueueKind { EMBEDDED, STORAGE }

    /** Where export files (privacy access requests) are kept. */
    public enum ExportsKind { EMBEDDED, BLOB }

    /** How the Cosmos DB client talks to the account. */
    public enum CosmosConnectionMode { DIRECT, GATEWAY }

    /** Where the portal's own secrets come from. */
    public enum SecretsKind { LOCAL, KEYVAULT }

    public static final Setting<Environment> ENVIRONMENT = Setting.of("PORTAL_ENVIRONMENT", null,
            "where the portal runs; 'local' allows embedded parts and development aids",
            Parsers.acceptedValues(Environment.class), Parsers.lowercaseEnum(Environment.class));

    public static final Setting<StoreKind> STORE = Setting.of("PORTAL_STORE", "embedded",
            "the document store", Parsers.acceptedValues(StoreKind.class), Parsers.lowercaseEnum(StoreKind.class));

    public static final Setting<QueueKind> QUEUE = Setting.of("PORTAL_QUEUE", "embedded",
            "the message queue", Parsers.acceptedValues(QueueKind.class), Parsers.lowercaseEnum(QueueKind.class));

    public static final Setting<SecretsKind> SECRETS = Setting.of("PORTAL_SECRETS", "local",
            "the secret source", Parsers.acceptedValues(SecretsKind.class), Parsers.lowercaseEnum(SecretsKind.class));

    public static final Setting<Optional<URI>> COSMOS_ENDPOINT = Setting.of("PORTAL_COSMOS_ENDPOINT", "",
            "the Cosmos DB account endpoint; required when PORTAL_STORE=cosmos",
            "empty, or an https URL such as https://cosmos-cardscry.documents.azure.com:443/", Parsers::optionalHttpsUrl);

    public static final Setting<String> COSMOS_DATABASE = Setting.of("PORTAL_COSMOS_DATABASE", "portal",
            "the Cosmos DB database holding the portal's containers",
            "1 to 255 letters, digits, - or _", Parsers::resourceName);

    public static final Setting<Optional<String>> COSMOS_KEY = Setting.of("PORTAL_COSMOS_KEY", "",
            "an account key, for a Cosmos DB emulator only; empty signs in with Entra ID (the only way in Azure,"
                    + " where key auth is disabled)",
            "empty, or a Base64 key (only with PORTAL_ENVIRONMENT=local)", Parsers::optionalText);

    public static final Setting<CosmosConnectionMode> COSMOS_CONNECTION_MODE = Setting.of("PORTAL_COSMOS_CONNECTION_MODE",
            "direct", "how the Cosmos DB client connects; emulators need gateway",
            Parsers.acceptedValues(CosmosConnectionMode.class), Parsers.lowercaseEnum(CosmosConnectionMode.class));

    public static final Setting<Boolean> COSMOS_CREATE_CONTAINERS = Setting.of("PORTAL_COSMOS_CREATE_CONTAINERS", "false",
            "whether start-up creates a missing database and containers (in Azure, Bicep creates them)",
            "true, false", Parsers::bool);

    public static final Setting<ExportsKind> EXPORTS = Setting.of("PORTAL_EXPORTS", "embedded",
            "where export files are kept", Parsers.acceptedValues(ExportsKind.class), Parsers.lowercaseEnum(ExportsKind.class));

    public static final Setting<Optional<String>> STORAGE_CONNECTION_STRING = Setting.of("PORTAL_STORAGE_CONNECTION_STRING", "",
            "a Storage connection string, for Azurite only; empty signs in with Entra ID at the endpoints below",
            "empty, or a connection string (only with PORTAL_ENVIRONMENT=local)", Parsers::optionalText);

    public static final Setting<Optional<URI>> STORAGE_QUEUE_ENDPOINT = Setting.of("PORTAL_STORAGE_QUEUE_ENDPOINT", "",
            "the Storage queue endpoint; required when PORTAL_QUEUE=storage without a connection string",
            "empty, or an https URL such as https://stcardscry.queue.core.windows.net/", Parsers::optionalHttpsUrl);

    public static final Setting<Optional<URI>> STORAGE_BLOB_ENDPOINT = Setting.of("PORTAL_STORAGE_BLOB_ENDPOINT", "",
            "the Storage blob endpoint; required when PORTAL_EXPORTS=blob without a connection string",
            "empty, or an https URL such as https://stcardscry.blob.core.windows.net/", Parsers::optionalHttpsUrl);

    public static final Setting<String> EXPORTS_CONTAINER = Setting.of("PORTAL_EXPORTS_CONTAINER", "exports",
            "the blob container for export files", "3 to 63 lowercase letters, digits and single hyphens",
            Parsers::containerName);

    public static final Setting<Optional<URI>> KEYVAULT_URI = Setting.of("PORTAL_KEYVAULT_URI", "",
            "the Key Vault holding the app's secrets; required when PORTAL_SECRETS=keyvault",
            "empty, or an https URL such as https://kv-cardscry.vault.azure.net/", Parsers::optionalHttpsUrl);

    public static final Setting<Integer> SECRETS_REFRESH_MINUTES = Setting.of("PORTAL_SECRETS_REFRESH_MINUTES", "5",
            "how often Key Vault secrets are re-read, so a new version is used without a restart",
            "an integer from 1 to 1440", Parsers.integer(1, 1440));

    public static final Setting<Optional<String>> AZURE_CLIENT_ID = Setting.of("AZURE_CLIENT_ID", "",
            "client id of the user-assigned managed identity the app signs in to Azure services with;"
                    + " empty uses the system-assigned identity or a developer sign-in",
            "empty, or a GUID", Parsers::optionalGuid);

    public static final Setting<Path> DATA_DIR = Setting.of("PORTAL_DATA_DIR", ".portal-data",
            "folder of the embedded store, queue and local secrets", "a folder path, relative to the working directory or absolute",
            Parsers::path);

    public static final Setting<Integer> MAX_BODY_BYTES = Setting.of("PORTAL_MAX_BODY_BYTES", "1048576",
            "largest request body accepted, in bytes", "an integer from 1024 to 104857600",
            Parsers.integer(1024, 104_857_600));

    public static final Setting<List<String>> CORS_ALLOWED_ORIGINS = Setting.of("PORTAL_CORS_ALLOWED_ORIGINS", "",
            "the frontend's origins, the only ones that may make cross-origin requests (with credentials); the local"
                    + " host applies it, and in Azure Bicep gives the same value to the platform's CORS",
            "empty (no cross-origin access), or comma-separated origins such as http://localhost:5173:"
                    + " http or https, a lowercase host, a port only when not the default, no path; * is refused",
            Parsers::origins).readByLocalHostOnly();

    public static final Setting<Integer> LOCAL_PORT = Setting.of("PORTAL_LOCAL_PORT", "7071",
            "TCP port of the local host on 127.0.0.1; 0 picks a free one", "an integer from 0 to 65535",
            Parsers.integer(0, 65_535)).readByLocalHostOnly();

    public static final Setting<String> LOCAL_FUNCTION_KEY = Setting.of("PORTAL_LOCAL_FUNCTION_KEY", "generated",
            "key for FUNCTION-level routes on the local host; 'generated' keeps a random one in the data folder",
            "'generated', or at least 32 characters of A-Z a-z 0-9 _ - =",
            text -> text.equals("generated") ? text : Parsers.key(text)).readByLocalHostOnly();

    public static final Setting<String> LOCAL_MASTER_KEY = Setting.of("PORTAL_LOCAL_MASTER_KEY", "generated",
            "key for ADMIN-level routes (and all others) on the local host; 'generated' keeps a random one in the data folder",
            "'generated', or at least 32 characters of A-Z a-z 0-9 _ - =",
            text -> text.equals("generated") ? text : Parsers.key(text)).readByLocalHostOnly();

    // --- Authentication of users: who issues bearer tokens and what the verifier accepts ---

    /** Who issues the bearer tokens users present. */
    public enum AuthKind { DEV, ENTRA }

    /** The tenant the development issuer's tokens are for unless asked otherwise; on the default allowlist. */
    public static final String LOCAL_TENANT_ID = "10ca1000-0000-4000-8000-000000000001";

    /** The audience of development tokens unless {@link #AUTH_AUDIENCES} names one. */
    public static final String LOCAL_AUDIENCE = "api://cardscry-portal-local";

    public static final Setting<AuthKind> AUTH = Setting.of("PORTAL_AUTH", "dev",
            "who issues users' bearer tokens; 'dev' is the built-in development issuer (POST /api/v1/dev/token)",
            "dev (only with PORTAL_ENVIRONMENT=local), entra", Parsers.lowercaseEnum(AuthKind.class));

    public static final Setting<Optional<String>> AUTH_ISSUER = Setting.of("PORTAL_AUTH_ISSUER", "",
            "the exact token issuer (iss), {tenantid} standing for the token's tenant; required when PORTAL_AUTH=entra,"
                    + " and left empty with dev, which names its own",
            "empty, or an https URL such as https://login.microsoftonline.com/{tenantid}/v2.0", PortalSettings::optionalIssuer);

    public static final Setting<Optional<URI>> AUTH_METADATA_URL = Setting.of("PORTAL_AUTH_METADATA_URL", "",
            "the OpenID Connect metadata document whose jwks_uri publishes the signing keys; required when"
                    + " PORTAL_AUTH=entra, and left empty with dev, which holds its own key",
            "empty, or an https URL such as https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
            Parsers::optionalHttpsUrl);

    public static final Setting<Optional<List<String>>> AUTH_AUDIENCES = Setting.of("PORTAL_AUTH_AUDIENCES", "",
            "the accepted token audiences (aud): the API's client id and/or App ID URI; required when"
                    + " PORTAL_AUTH=entra; empty with dev means " + LOCAL_AUDIENCE + " (dev signs for the first)",
            "empty, or a comma-separated list", text -> commaList(text, PortalSettings::audience));

    public static final Setting<Optional<List<String>>> AUTH_ALLOWED_TENANTS = Setting.of("PORTAL_AUTH_ALLOWED_TENANTS", "",
            "the tenants (tid) whose users may sign in; required when PORTAL_AUTH=entra; empty with dev means "
                    + LOCAL_TENANT_ID,
            "empty, or a comma-separated list of GUIDs", text -> commaList(text, PortalSettings::guid));

    public static final Setting<String> AUTH_ADMIN_ROLE = Setting.of("PORTAL_AUTH_ADMIN_ROLE", "Portal.Admin",
            "the app role (roles claim) that makes a user an administrator",
            "1 to 120 characters without whitespace or commas", PortalSettings::appRole);

    public static final Setting<Boolean> AUTH_APP_SERVICE_ENFORCED = Setting.of("PORTAL_AUTH_APP_SERVICE_ENFORCED", "false",
            "whether App Service authentication is enforced in front of the app, so that its X-MS-CLIENT-PRINCIPAL"
                    + " header can be trusted; never set it otherwise, since anyone can send that header",
            "true, false", Parsers::bool);

    public static final Setting<String> TERMS_VERSION = Setting.of("PORTAL_TERMS_VERSION", "2026-11-01",
            "the current terms of service version; users accept it at sign-up, and a new value makes every"
                    + " user re-accept", "1 to 64 characters of A-Z a-z 0-9 . _ -", PortalSettings::documentVersion);

    public static final Setting<String> PRIVACY_POLICY_VERSION = Setting.of("PORTAL_PRIVACY_POLICY_VERSION", "2026-11-01",
            "the current privacy policy version; users accept it at sign-up, and a new value makes every"
                    + " user re-accept", "1 to 64 characters of A-Z a-z 0-9 . _ -", PortalSettings::documentVersion);

    public static final Setting<Integer> SESSION_IDLE_MINUTES = Setting.of("PORTAL_SESSION_IDLE_MINUTES", "30",
            "a session unused this many minutes ends", "an integer from 1 to 1440", Parsers.integer(1, 1440));

    public static final Setting<Integer> SESSION_LIFETIME_HOURS = Setting.of("PORTAL_SESSION_LIFETIME_HOURS", "12",
            "a session ends this many hours after it started, however active", "an integer from 1 to 168",
            Parsers.integer(1, 168));

    public static final Setting<Optional<Path>> PLANS_FILE = Setting.of("PORTAL_PLANS_FILE", "",
            "a JSON plan catalogue that replaces the built-in one (functions/src/main/resources/plans.json); read once at"
                    + " start-up, which fails on any invalid plan",
            "empty (the built-in plans), or a file path, relative to the working directory or absolute",
            text -> text.isEmpty() ? Optional.empty() : Optional.of(Parsers.path(text)));

    public static final Setting<String> SUBSCRIPTION_EXPIRY_SCHEDULE = Setting.of("PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE",
            "0 */15 * * * *", "when the subscription expiry timer runs (sends expiry notices, expires subscriptions whose"
                    + " end date has come); each run catches up on what came due since the last",
            "a six-field NCRONTAB expression (second minute hour day-of-month month day-of-week), in UTC",
            text -> NcrontabSchedule.parse(text, "subscriptionExpiry").expression());

    public static final Setting<String> PRIVACY_DEADLINE_SCHEDULE = Setting.of("PORTAL_PRIVACY_DEADLINE_SCHEDULE",
            "0 0 6 * * *", "when the privacy deadline watch runs (counts open privacy requests due within 7 days, raises an"
                    + " operator alert for each overdue one)",
            "a six-field NCRONTAB expression (second minute hour day-of-month month day-of-week), in UTC",
            text -> NcrontabSchedule.parse(text, "privacyDeadlineWatch").expression());

    public static final Setting<String> PRIVACY_REQUEUE_SCHEDULE = Setting.of("PORTAL_PRIVACY_REQUEUE_SCHEDULE",
            "0 */5 * * * *", "when privacy requests stored but never enqueued (for more than 10 minutes) are enqueued again",
            "a six-field NCRONTAB expression (second minute hour day-of-month month day-of-week), in UTC",
            text -> NcrontabSchedule.parse(text, "privacyRequeue").expression());

    // --- Retention (docs/retention.md) ---

    public static final Setting<String> RETENTION_PURGE_SCHEDULE = Setting.of("PORTAL_RETENTION_PURGE_SCHEDULE",
            "0 5 * * * *", "when the retention purge runs (removes unverified sign-ups and exports whose retention period is"
                    + " over, rolls hourly usage up into daily aggregates, keeps what a legal hold holds); each run is"
                    + " bounded and the next resumes where it stopped",
            "a six-field NCRONTAB expression (second minute hour day-of-month month day-of-week), in UTC",
            text -> NcrontabSchedule.parse(text, "retentionPurge").expression());

    public static final Setting<Map<RetentionCategory, Duration>> RETENTION_DAYS = Setting.of("PORTAL_RETENTION_DAYS", "",
            "retention periods that replace the schedule's (docs/retention.md), in days; start-up fails on a category kept"
                    + " until an event (accounts, sessions) or a period below its minimum (billing-records 3653,"
                    + " privacy-requests 1096, every other 1)",
            "empty (the schedule as shipped), or comma-separated category=days pairs such as usage-hourly=120,audit-trail=730,"
                    + " each category once, days from 1 to " + RetentionSchedule.LONGEST.toDays() + "; categories: "
                    + Arrays.stream(RetentionCategory.values()).map(RetentionCategory::id).collect(Collectors.joining(", ")),
            PortalSettings::retentionDays);

    private static Map<RetentionCategory, Duration> retentionDays(String text) {
        Map<RetentionCategory, Duration> periods = new EnumMap<>(RetentionCategory.class);
        if (text.isEmpty()) {
            return periods;
        }
        for (String pair : text.split(",", -1)) {
            String[] parts = pair.strip().split("=", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("not category=days");
            }
            RetentionCategory category = RetentionCategory.fromId(parts[0].strip())
                    .orElseThrow(() -> new IllegalArgumentException("unknown category"));
            long days = Parsers.integer(1, Math.toIntExact(RetentionSchedule.LONGEST.toDays())).apply(parts[1].strip());
            if (periods.put(category, Duration.ofDays(days)) != null) {
                throw new IllegalArgumentException("category named twice");
            }
        }
        return periods;
    }

    private static String documentVersion(String text) {
        if (!text.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("not a document version");
        }
        return text;
    }

    private static Optional<String> optionalIssuer(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf("{tenantid}") != text.lastIndexOf("{tenantid}")) {
            throw new IllegalArgumentException("names the tenant more than once");
        }
        Parsers.optionalHttpsUrl(text.replace("{tenantid}", "tenant"));
        return Optional.of(text);
    }

    private static Optional<List<String>> commaList(String text, java.util.function.UnaryOperator<String> item) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> items = java.util.Arrays.stream(text.split(",", -1)).map(String::strip).map(item).distinct().toList();
        return Optional.of(items);
    }

    private static String audience(String text) {
        if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not an audience");
        }
        return text;
    }

    private static String guid(String text) {
        return Parsers.optionalGuid(text).orElseThrow(() -> new IllegalArgumentException("not a GUID"));
    }

    private static String appRole(String text) {
        if (!text.matches("[^\\s,]{1,120}")) {
            throw new IllegalArgumentException("not an app role");
        }
        return text;
    }

    /** Every setting, in the order the README lists them. */
    public static final List<Setting<?>> ALL = List.of(ENVIRONMENT, STORE, QUEUE, SECRETS, EXPORTS,
            COSMOS_ENDPOINT, COSMOS_DATABASE, COSMOS_KEY, COSMOS_CONNECTION_MODE, COSMOS_CREATE_CONTAINERS,
            STORAGE_CONNECTION_STRING, STORAGE_QUEUE_ENDPOINT, STORAGE_BLOB_ENDPOINT, EXPORTS_CONTAINER, KEYVAULT_URI,
            SECRETS_REFRESH_MINUTES, AZURE_CLIENT_ID, DATA_DIR,
            MAX_BODY_BYTES, CORS_ALLOWED_ORIGINS, LOCAL_PORT, LOCAL_FUNCTION_KEY, LOCAL_MASTER_KEY,
            AUTH, AUTH_ISSUER, AUTH_METADATA_URL, AUTH_AUDIENCES, AUTH_ALLOWED_TENANTS, AUTH_ADMIN_ROLE,
            AUTH_APP_SERVICE_ENFORCED, TERMS_VERSION, PRIVACY_POLICY_VERSION, SESSION_IDLE_MINUTES, SESSION_LIFETIME_HOURS,
            PLANS_FILE, SUBSCRIPTION_EXPIRY_SCHEDULE, PRIVACY_DEADLINE_SCHEDULE, PRIVACY_REQUEUE_SCHEDULE,
            RETENTION_DAYS, RETENTION_PURGE_SCHEDULE);

    /** Settings the Functions host itself reads (not the portal's code), which the sample file lists too. */
    public static final List<String> HOST_SETTINGS = List.of("FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage");

    private PortalSettings() {
    }
}
