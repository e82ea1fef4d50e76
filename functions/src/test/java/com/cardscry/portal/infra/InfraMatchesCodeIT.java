package com.cardscry.portal.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.outbox.QueueNotifier;
import com.cardscry.portal.application.Containers;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.privacy.PrivacyRequestMessage;
import com.cardscry.portal.config.PortalSettings;
import com.cardscry.portal.config.Setting;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.infra.BicepFiles.Parsed;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What {@code infra/} provisions is what the code expects: the settings the portal reads in Azure, the
 * Functions host's identity-based storage connection, every container with its partition key and default
 * ttl, the queues, the export container and the secrets. Each list in Bicep is read from the parse tree,
 * so a renamed or reordered Bicep file still compares the same data.
 */
class InfraMatchesCodeIT {

    /**
     * Settings the portal reads that Azure must not set, and why. The LOCAL_HOST ones are marked so in
     * {@link PortalSettings} itself ({@link Setting.Reader#LOCAL_HOST}); of those,
     * PORTAL_CORS_ALLOWED_ORIGINS reaches Azure as the platform's CORS instead (checked below).
     */
    private static final Map<String, String> LOCAL_ONLY = Map.of(
            PortalSettings.DATA_DIR.name(), "only embedded parts use the data folder, and Azure refuses them",
            PortalSettings.COSMOS_KEY.name(), "an emulator's account key; Azure refuses it, Cosmos DB there has key auth disabled",
            PortalSettings.STORAGE_CONNECTION_STRING.name(), "Azurite's connection string; Azure refuses it, the account there has shared keys disabled");

    /** The privacy-request workflow's queue and its poison queue (DESIGN.md decision 6). */
    private static final Set<String> PRIVACY_QUEUES = Set.of(PrivacyRequestMessage.QUEUE, PrivacyRequestMessage.POISON_QUEUE);

    private static Parsed main;
    private static Parsed function;
    private static Parsed cosmos;
    private static Parsed storage;
    private static Parsed secrets;
    private static Parsed apim;

    @BeforeAll
    static void parseInfra() {
        Path infra = BicepFiles.infraFolder();
        List<Parsed> parsed = BicepFiles.parse(List.of(infra.resolve("main.bicep"), infra.resolve("app/function.bicep"),
                infra.resolve("app/cosmos.bicep"), infra.resolve("app/storage.bicep"), infra.resolve("app/secrets.bicep"),
                infra.resolve("app/apim.bicep")));
        parsed.forEach(file -> assertEquals("", file.describeErrors()));
        main = parsed.get(0);
        function = parsed.get(1);
        cosmos = parsed.get(2);
        storage = parsed.get(3);
        secrets = parsed.get(4);
        apim = parsed.get(5);
    }

    @Nested
    class AppSettings {

        @Test
        void bicep_sets_exactly_the_settings_the_portal_reads_in_azure() {
            Set<String> expected = PortalSettings.ALL.stream()
                    .filter(setting -> setting.reader() == Setting.Reader.APP)
                    .map(Setting::name)
                    .filter(name -> !LOCAL_ONLY.containsKey(name))
                    .collect(Collectors.toCollection(TreeSet::new));

            assertEquals(expected, keys(portalSettings()));
        }

        @Test
        void every_setting_bicep_writes_as_a_literal_is_valid_and_runs_the_azure_adapters() {
            Map<String, String> literals = new HashMap<>();
            portalSettings().fields().forEachRemaining(entry -> {
                if (entry.getValue().isTextual()) {
                    literals.put(entry.getKey(), entry.getValue().asText());
                }
            });
            Settings settings = Settings.of(literals);

            settings.validate(PortalSettings.ALL);
            assertEquals(PortalSettings.Environment.AZURE, settings.get(PortalSettings.ENVIRONMENT));
            assertEquals(PortalSettings.StoreKind.COSMOS, settings.get(PortalSettings.STORE));
            assertEquals(PortalSettings.QueueKind.STORAGE, settings.get(PortalSettings.QUEUE));
            assertEquals(PortalSettings.SecretsKind.KEYVAULT, settings.get(PortalSettings.SECRETS));
            assertEquals(PortalSettings.ExportsKind.BLOB, settings.get(PortalSettings.EXPORTS));
            assertEquals(PortalSettings.AuthKind.ENTRA, settings.get(PortalSettings.AUTH));
            assertEquals(false, settings.get(PortalSettings.AUTH_APP_SERVICE_ENFORCED));
        }

        @Test
        void the_local_only_settings_are_settings_of_the_catalogue() {
            Set<String> catalogue = PortalSettings.ALL.stream().map(Setting::name).collect(Collectors.toSet());
            assertTrue(catalogue.containsAll(LOCAL_ONLY.keySet()), "stale entry in LOCAL_ONLY");
        }

        @Test
        void the_host_reaches_its_storage_with_the_app_identity_not_a_connection_string() {
            Set<String> hostSettings = keys(function.declaration("var", "hostSettings").value());

            assertTrue(hostSettings.containsAll(Set.of("AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential",
                    "AzureWebJobsStorage__clientId")), hostSettings.toString());
            assertEquals("managedidentity", function.declaration("var", "hostSettings").value()
                    .get("AzureWebJobsStorage__credential").asText());
            // The sample's host settings: AzureWebJobsStorage becomes the identity-based connection above,
            // and Flex Consumption takes the worker runtime from functionAppConfig, not FUNCTIONS_WORKER_RUNTIME.
            PortalSettings.HOST_SETTINGS.forEach(name -> assertTrue(!hostSettings.contains(name)
                    && !keys(portalSettings()).contains(name), name + " is set as a plain app setting"));
            JsonNode runtime = function.declaration("resource", "site").value().at("/properties/functionAppConfig/runtime");
            assertEquals("java", runtime.path("name").asText());
            assertEquals("17", runtime.path("version").asText());
        }

        @Test
        void the_app_settings_resource_writes_host_and_portal_settings_together() {
            BicepFiles.Declaration appSettings = function.declaration("resource", "appSettings");

            assertEquals("appsettings", appSettings.value().path("name").asText());
            assertEquals("union(hostSettings, portalSettings)", appSettings.value().at("/properties/$expr").asText());
            assertEquals("portalSettings", main.declaration("module", "api").value().at("/params/portalSettings/$expr").asText());
        }

        @Test
        void the_frontend_origins_go_to_the_platform_cors_with_credentials() {
            JsonNode cors = function.declaration("resource", "site").value().at("/properties/siteConfig/cors");

            assertEquals(Setting.Reader.LOCAL_HOST, PortalSettings.CORS_ALLOWED_ORIGINS.reader());
            assertEquals("corsAllowedOrigins", cors.at("/allowedOrigins/$expr").asText());
            assertTrue(cors.path("supportCredentials").asBoolean());
        }

        private JsonNode portalSettings() {
            return main.declaration("var", "portalSettings").value();
        }
    }

    @Nested
    class CosmosContainers {

        @Test
        void bicep_creates_every_container_of_the_code_with_its_partition_key_and_default_ttl() {
            Function<ContainerSpec, String> describe = spec -> spec.name() + " /" + spec.partitionKeyField() + " ttl "
                    + spec.defaultTtlSeconds().orElse(-1);
            Set<String> expected = Containers.ALL.stream().map(describe).collect(Collectors.toCollection(TreeSet::new));

            Set<String> provisioned = new TreeSet<>();
            containers().forEach(container -> provisioned.add(container.path("name").asText() + " /"
                    + container.path("partitionKey").asText() + " ttl " + container.path("defaultTtl").asInt()));

            assertEquals(expected, provisioned);
        }

        @Test
        void every_indexed_path_is_a_top_level_scalar_path() {
            containers().forEach(container -> container.path("indexedPaths").forEach(path ->
                    assertTrue(path.asText().matches("/[A-Za-z][A-Za-z0-9_]*/\\?"), container.path("name") + ": " + path)));
        }

        /**
         * Every field a use case compares in a query ({@code .where("field", ...)} in the application layer) is
         * indexed in some container: a query on an unindexed field still works, but scans its partition.
         */
        @Test
        void every_field_the_application_queries_on_is_indexed() throws IOException {
            Set<String> indexed = new TreeSet<>();
            containers().forEach(container -> container.path("indexedPaths").forEach(path -> indexed.add(path.asText())));
            Pattern where = Pattern.compile("\\.where\\(\"([A-Za-z0-9_.]+)\"");
            Path application = BicepFiles.infraFolder().getParent()
                    .resolve("functions/src/main/java/com/cardscry/portal/application");
            Set<String> queried = new TreeSet<>();
            try (Stream<Path> sources = Files.walk(application)) {
                for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
                    Matcher matcher = where.matcher(Files.readString(source));
                    while (matcher.find()) {
                        queried.add("/" + matcher.group(1).replace('.', '/') + "/?");
                    }
                }
            }

            assertTrue(!queried.isEmpty(), "no query found: has the query API changed?");
            // Cosmos DB indexes the id of every item whatever the indexing policy says.
            queried.remove("/id/?");
            queried.removeAll(indexed);
            assertEquals(Set.of(), queried, "queried but indexed in no container (infra/app/cosmos.bicep)");
        }

        @Test
        void local_keys_are_disabled() {
            assertTrue(cosmos.declaration("resource", "account").value().at("/properties/disableLocalAuth").asBoolean());
        }

        private JsonNode containers() {
            return cosmos.declaration("var", "containers").value();
        }
    }

    @Nested
    class StorageAndSecrets {

        @Test
        void the_queues_are_the_notifier_queue_and_the_privacy_request_queues() {
            Set<String> expected = new TreeSet<>(PRIVACY_QUEUES);
            expected.add(QueueNotifier.QUEUE);

            assertEquals(expected, texts(storage.declaration("var", "queueNames").value()));
        }

        @Test
        void the_exports_container_is_the_one_the_setting_names() {
            assertEquals(PortalSettings.EXPORTS_CONTAINER.defaultValue().orElseThrow(),
                    storage.declaration("var", "exportsContainerName").value().asText());
            assertEquals("storage.outputs.exportsContainerName",
                    main.declaration("var", "portalSettings").value().at("/PORTAL_EXPORTS_CONTAINER/$expr").asText());
        }

        @Test
        void the_storage_account_refuses_shared_keys_and_old_tls() {
            JsonNode properties = storage.declaration("resource", "account").value().path("properties");

            assertTrue(properties.path("allowSharedKeyAccess").isBoolean() && !properties.path("allowSharedKeyAccess").asBoolean());
            assertEquals("TLS1_2", properties.path("minimumTlsVersion").asText());
        }

        @Test
        void provisioning_creates_exactly_the_secrets_the_app_needs() {
            assertEquals(new TreeSet<>(SecretNames.ALL), texts(secrets.declaration("var", "appSecretNames").value()));
        }
    }

    @Nested
    class Gateway {

        @Test
        void every_named_value_the_policy_uses_is_declared() throws IOException {
            String policy = Files.readString(BicepFiles.infraFolder().resolve("app/apim-policy.xml"));
            Set<String> used = new TreeSet<>();
            Matcher matcher = Pattern.compile("\\{\\{([A-Za-z0-9-]+)}}").matcher(policy);
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
            Set<String> declared = apim.all("resource").stream()
                    .filter(resource -> resource.type().orElse("").startsWith("Microsoft.ApiManagement/service/namedValues@"))
                    .map(resource -> resource.value().path("name").asText())
                    .collect(Collectors.toCollection(TreeSet::new));

            assertEquals(declared, used);
        }

        @Test
        void the_policy_calls_the_gateway_routes_of_the_openapi_document() throws IOException {
            String policy = Files.readString(BicepFiles.infraFolder().resolve("app/apim-policy.xml"));
            String openApi = Files.readString(BicepFiles.infraFolder().getParent().resolve("openapi/portal.yaml"));

            for (String route : List.of("/v1/gateway/verify", "/v1/gateway/usage")) {
                assertTrue(policy.contains("{{portal-base-url}}/api" + route + "</set-url>"), route);
                assertTrue(openApi.contains("\n  " + route + ":\n"), route + " is not in openapi/portal.yaml");
            }
        }

        @Test
        void each_marker_the_module_replaces_is_in_the_policy_once() throws IOException {
            String policy = Files.readString(BicepFiles.infraFolder().resolve("app/apim-policy.xml"));

            for (String marker : List.of("<!-- RATE LIMIT -->", "PORTAL_COUNTS_REQUESTS")) {
                assertEquals(1, policy.split(Pattern.quote(marker), -1).length - 1, marker);
                assertTrue(apim.declaration("var", "policy").value().path("$expr").asText().contains("'" + marker + "'"), marker);
            }
        }

        @Test
        void the_policy_asks_for_the_flag_and_the_verdict_code_that_openapi_portal_yaml_defines() throws IOException {
            String policy = Files.readString(BicepFiles.infraFolder().resolve("app/apim-policy.xml"));
            String openApi = Files.readString(BicepFiles.infraFolder().getParent().resolve("openapi/portal.yaml"));

            for (String name : List.of("countTowardsRateLimit", "RATE_LIMITED", "retryAfterSeconds")) {
                assertTrue(policy.contains("\"" + name + "\""), name + " is not in the policy");
                assertTrue(openApi.contains(name), name + " is not in openapi/portal.yaml");
            }
        }
    }

    @Test
    void outputs_are_screaming_snake_and_never_a_secret() {
        main.all("output").forEach(output -> {
            assertTrue(output.name().matches("[A-Z][A-Z0-9_]*"), output.name());
            assertTrue(!output.value().toString().contains("getSecret"), output.name());
        });
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
