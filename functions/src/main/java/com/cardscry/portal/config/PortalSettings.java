package com.cardscry.portal.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.List;

/**
 * Every setting the portal reads, in one place. The README's configuration table,
 * {@code local.settings.sample.json} and the app settings Bicep writes are all checked against
 * {@link #ALL} by tests.
 */
public final class PortalSettings {

    /** Where the portal runs; decides which adapters and development aids may be used. */
    public enum Environment { LOCAL, AZURE }

    /** Which document store backs the portal. */
    public enum StoreKind { EMBEDDED }

    /** Which queue service carries the portal's messages. */
    public enum QueueKind { EMBEDDED }

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

    /** Every setting, in the order the README lists them. */
    public static final List<Setting<?>> ALL = List.of(ENVIRONMENT, STORE, QUEUE, SECRETS, KEYVAULT_URI,
            SECRETS_REFRESH_MINUTES, AZURE_CLIENT_ID, DATA_DIR,
            MAX_BODY_BYTES, LOCAL_PORT, LOCAL_FUNCTION_KEY, LOCAL_MASTER_KEY);

    /** Settings the Functions host itself reads (not the portal's code), which the sample file lists too. */
    public static final List<String> HOST_SETTINGS = List.of("FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage");

    private PortalSettings() {
    }
}
