package com.cardscry.portal.config;

import com.azure.core.credential.TokenCredential;
import com.azure.cosmos.ConnectionMode;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.cardscry.portal.adapters.catalogue.InvalidPlanCatalogueException;
import com.cardscry.portal.adapters.catalogue.PlanCatalogueFile;
import com.cardscry.portal.adapters.cosmos.CosmosDocumentStore;
import com.cardscry.portal.adapters.cosmos.CosmosStoreOptions;
import com.cardscry.portal.adapters.devissuer.DevTokenIssuer;
import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.adapters.entra.AppServicePrincipalVerifier;
import com.cardscry.portal.adapters.entra.EntraTokenVerifier;
import com.cardscry.portal.adapters.entra.EntraTokenVerifierOptions;
import com.cardscry.portal.adapters.keyvault.KeyVaultSecretSource;
import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.adapters.outbox.LocalOutboxNotifier;
import com.cardscry.portal.adapters.outbox.QueueNotifier;
import com.cardscry.portal.adapters.storage.BlobExportStore;
import com.cardscry.portal.adapters.storage.StorageMessageQueue;
import com.cardscry.portal.adapters.system.LoggedOperatorAlerts;
import com.cardscry.portal.adapters.system.SystemClock;
import com.cardscry.portal.application.CheckHealth;
import com.cardscry.portal.application.Containers;
import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.IssueDevelopmentToken;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.accounts.AbuseLimits;
import com.cardscry.portal.application.accounts.AccountPolicy;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.AccountServices;
import com.cardscry.portal.application.accounts.Authenticate;
import com.cardscry.portal.application.accounts.CloseAccount;
import com.cardscry.portal.application.accounts.EndSession;
import com.cardscry.portal.application.accounts.ListSessions;
import com.cardscry.portal.application.accounts.ModerateAccount;
import com.cardscry.portal.application.accounts.ResendVerificationCode;
import com.cardscry.portal.application.accounts.SessionKeys;
import com.cardscry.portal.application.accounts.SessionRecords;
import com.cardscry.portal.application.accounts.SignUp;
import com.cardscry.portal.application.accounts.StartSession;
import com.cardscry.portal.application.accounts.UpdateProfile;
import com.cardscry.portal.application.accounts.VerifyEmail;
import com.cardscry.portal.application.accounts.ViewProfile;
import com.cardscry.portal.application.gateway.KeyIndexCache;
import com.cardscry.portal.application.gateway.MonthlyQuota;
import com.cardscry.portal.application.gateway.VerifyApiKey;
import com.cardscry.portal.application.keys.IssueKey;
import com.cardscry.portal.application.keys.KeyHasher;
import com.cardscry.portal.application.keys.KeyIndexRefresher;
import com.cardscry.portal.application.keys.KeyIssuer;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.KeyServices;
import com.cardscry.portal.application.keys.ListKeys;
import com.cardscry.portal.application.keys.RevokeKey;
import com.cardscry.portal.application.keys.RotateKey;
import com.cardscry.portal.application.plans.ListPlans;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.application.port.OperatorAlerts;
import com.cardscry.portal.application.port.PhysicalErasure;
import com.cardscry.portal.application.port.SecretSource;
import com.cardscry.portal.application.port.TokenVerifier;
import com.cardscry.portal.application.privacy.ApplyCorrection;
import com.cardscry.portal.application.privacy.CarryOutPrivacyRequest;
import com.cardscry.portal.application.privacy.ConfirmPrivacyForm;
import com.cardscry.portal.application.privacy.ErasedIdentities;
import com.cardscry.portal.application.privacy.ErasureSteps;
import com.cardscry.portal.application.privacy.FailPrivacyRequest;
import com.cardscry.portal.application.privacy.FileErasureOnClose;
import com.cardscry.portal.application.privacy.FollowPrivacyForm;
import com.cardscry.portal.application.privacy.PrivacyDeadlines;
import com.cardscry.portal.application.privacy.PrivacyFormKeys;
import com.cardscry.portal.application.privacy.PrivacyFormLimits;
import com.cardscry.portal.application.privacy.PrivacyFormRecords;
import com.cardscry.portal.application.privacy.PrivacyRequestRecords;
import com.cardscry.portal.application.privacy.PrivacyStepHandler;
import com.cardscry.portal.application.privacy.ReadPrivacyResults;
import com.cardscry.portal.application.privacy.RequeuePrivacyRequests;
import com.cardscry.portal.application.privacy.RetryPrivacyRequest;
import com.cardscry.portal.application.privacy.SubmitPrivacyForm;
import com.cardscry.portal.application.privacy.SubmitPrivacyRequest;
import com.cardscry.portal.application.privacy.ViewPrivacyRequests;
import com.cardscry.portal.application.privacy.WatchPrivacyDeadlines;
import com.cardscry.portal.application.privacy.WriteAccessExport;
import com.cardscry.portal.application.retention.LegalHoldSweep;
import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.retention.ListRetentionRuns;
import com.cardscry.portal.application.retention.PurgeExpiredData;
import com.cardscry.portal.application.retention.RetentionRuns;
import com.cardscry.portal.application.subscriptions.CancelSubscription;
import com.cardscry.portal.application.subscriptions.ExpireSubscriptions;
import com.cardscry.portal.application.subscriptions.OpenSubscriptionSlots;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.ReviewSubscriptions;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.subscriptions.SubscriptionSchedule;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.application.subscriptions.ViewSubscriptions;
import com.cardscry.portal.application.usage.KeyOwners;
import com.cardscry.portal.application.usage.RecordUsage;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.application.usage.ViewUsage;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.functions.http.AdminAccountFunctions;
import com.cardscry.portal.functions.http.AdminPrivacyFunctions;
import com.cardscry.portal.functions.http.AdminRetentionFunctions;
import com.cardscry.portal.functions.http.AdminSubscriptionFunctions;
import com.cardscry.portal.functions.http.DevTokenFunction;
import com.cardscry.portal.functions.http.FrontendAuth;
import com.cardscry.portal.functions.http.GatewayUsageFunction;
import com.cardscry.portal.functions.http.GatewayVerifyFunction;
import com.cardscry.portal.functions.http.HealthFunction;
import com.cardscry.portal.functions.http.KeyFunctions;
import com.cardscry.portal.functions.http.PlanFunctions;
import com.cardscry.portal.functions.http.PrivacyDeadlineFunctions;
import com.cardscry.portal.functions.http.PrivacyFormFunctions;
import com.cardscry.portal.functions.http.PrivacyRequestFunctions;
import com.cardscry.portal.functions.http.PrivacyResultFunctions;
import com.cardscry.portal.functions.http.ProfileFunctions;
import com.cardscry.portal.functions.http.RetentionPolicyFunctions;
import com.cardscry.portal.functions.http.SessionFunctions;
import com.cardscry.portal.functions.http.SignUpFunction;
import com.cardscry.portal.functions.http.SubscriptionFunctions;
import com.cardscry.portal.functions.http.UsageFunctions;
import com.cardscry.portal.functions.queue.PrivacyRequestQueueFunctions;
import com.cardscry.portal.functions.timer.PrivacyDeadlineWatchFunction;
import com.cardscry.portal.functions.timer.PrivacyRequeueFunction;
import com.cardscry.portal.functions.timer.RetentionPurgeFunction;
import com.cardscry.portal.functions.timer.SubscriptionExpiryFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The composition root: reads the settings, builds every client and use case once per process, and
 * makes function instances wired to them.
 *
 * <p>The Functions worker creates a function-class instance per invocation through
 * {@link PortalFunctionInstanceInjector}, which asks {@link #current()}. On the Functions host the
 * portal is built from environment variables on first use; the local host builds it from its own
 * layered settings and {@link #install installs} it before serving.
 */
public final class Portal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Portal.class.getName());
    private static final Object LOCK = new Object();
    private static volatile Portal current;

    private final Settings settings;
    private final PortalSettings.Environment environment;
    private final Clock clock;
    private final MessageQueue messageQueue;
    private final SecretSource secretSource;
    private final CheckHealth checkHealth;
    private final TokenVerifier tokenVerifier;
    private final Optional<IssueDevelopmentToken> developmentTokens;
    private final boolean appServiceAuthEnforced;
    private final PlanCatalogue plans;
    private final RetentionSchedule retention;
    private final Map<Class<?>, Supplier<?>> functionFactories;
    private final List<AutoCloseable> closeables;

    private Portal(Builder parts) {
        this.settings = parts.settings;
        this.environment = parts.environment;
        this.clock = parts.clock;
        this.messageQueue = parts.messageQueue;
        this.secretSource = parts.secretSource;
        this.checkHealth = new CheckHealth(version(), parts.healthIndicators);
        this.tokenVerifier = parts.tokenVerifier;
        this.developmentTokens = parts.developmentTokens;
        this.appServiceAuthEnforced = settings.get(PortalSettings.AUTH_APP_SERVICE_ENFORCED);
        this.plans = parts.plans;
        this.retention = parts.retention;
        int maxBodyBytes = settings.get(PortalSettings.MAX_BODY_BYTES);

        Map<Class<?>, Supplier<?>> factories = new LinkedHashMap<>();
        factories.put(HealthFunction.class, () -> new HealthFunction(checkHealth));
        factories.put(DevTokenFunction.class, () -> new DevTokenFunction(developmentTokens, maxBodyBytes));
        registerAccountFunctions(factories, parts, maxBodyBytes);
        ListPlans listPlans = new ListPlans(plans);
        factories.put(PlanFunctions.class, () -> new PlanFunctions(listPlans));
        factories.put(RetentionPolicyFunctions.class, () -> new RetentionPolicyFunctions(retention));
        this.functionFactories = Collections.unmodifiableMap(factories);
        // After registration: the quota's flusher, started there, is closed with the rest.
        this.closeables = List.copyOf(parts.closeables);
    }

    /**
     * Sign-up, profile, sessions and blocking, subscriptions, keys and usage: the use cases share one set
     * of account services and one authentication.
     */
    private static void registerAccountFunctions(Map<Class<?>, Supplier<?>> factories, Builder parts, int maxBodyBytes) {
        Settings settings = parts.settings;
        SecureRandom random = new SecureRandom();
        AccountPolicy policy = new AccountPolicy(settings.get(PortalSettings.TERMS_VERSION),
                settings.get(PortalSettings.PRIVACY_POLICY_VERSION),
                Duration.ofMinutes(settings.get(PortalSettings.SESSION_IDLE_MINUTES)),
                Duration.ofHours(settings.get(PortalSettings.SESSION_LIFETIME_HOURS)));
        AccountRecords accounts = new AccountRecords(parts.store, parts.secretSource);
        SessionRecords sessions = new SessionRecords(parts.store);
        SessionKeys keys = new SessionKeys(parts.secretSource, random);
        AccountServices services = new AccountServices(accounts, sessions, keys, parts.notifier,
                new DocumentAuditLog(parts.store, random, parts.retention), new Pseudonyms(parts.secretSource),
                new AbuseLimits(parts.clock, random), policy, parts.clock);
        FrontendAuth auth = new FrontendAuth(new Authenticate(parts.tokenVerifier, parts.appServicePrincipals, accounts, sessions,
                keys, policy, parts.clock), maxBodyBytes);
        SignUp signUp = new SignUp(services);
        // Privacy requests: intake, the legal clock and its timers (closing an account files its erasure).
        PrivacyRequestRecords privacyRecords = new PrivacyRequestRecords(parts.store, parts.retention, parts.clock);
        SubmitPrivacyRequest submitPrivacyRequest = new SubmitPrivacyRequest(privacyRecords, parts.messageQueue, services.audit(),
                services.pseudonyms(), parts.clock);
        PrivacyRequestFunctions.UseCases privacyUseCases = new PrivacyRequestFunctions.UseCases(submitPrivacyRequest,
                new ViewPrivacyRequests(privacyRecords));
        PrivacyDeadlines privacyDeadlines = new PrivacyDeadlines(privacyRecords, services.audit(), services.pseudonyms(), parts.clock);
        WatchPrivacyDeadlines deadlineWatch = new WatchPrivacyDeadlines(privacyRecords, parts.alerts, parts.clock);
        PrivacyFormParts form = PrivacyFormParts.of(parts, services, privacyRecords, submitPrivacyRequest);
        // Legal holds keep an account's data from the retention schedule and from erasure.
        LegalHolds holds = new LegalHolds(parts.store, services.accounts(), services.audit(), services.pseudonyms(), parts.retention,
                parts.clock);
        // A form confirmation that crashed before storing its request is finished by the re-enqueue timer.
        RequeuePrivacyRequests requeue = new RequeuePrivacyRequests(privacyRecords, parts.messageQueue, form.confirm(), parts.clock);
        factories.put(PrivacyRequestFunctions.class, () -> new PrivacyRequestFunctions(auth, privacyUseCases));
        factories.put(PrivacyDeadlineFunctions.class, () -> new PrivacyDeadlineFunctions(auth, privacyDeadlines));
        factories.put(PrivacyDeadlineWatchFunction.class, () -> new PrivacyDeadlineWatchFunction(deadlineWatch));
        factories.put(PrivacyRequeueFunction.class, () -> new PrivacyRequeueFunction(requeue));
        ProfileFunctions.UseCases profile = new ProfileFunctions.UseCases(new ViewProfile(services), new UpdateProfile(services),
                new CloseAccount(services, new FileErasureOnClose(submitPrivacyRequest)), new VerifyEmail(services),
                new ResendVerificationCode(services));
        SessionFunctions.UseCases sessionUseCases = new SessionFunctions.UseCases(new StartSession(services),
                new ListSessions(services), new EndSession(services));
        ModerateAccount moderate = new ModerateAccount(services);
        factories.put(SignUpFunction.class, () -> new SignUpFunction(auth, signUp));
        factories.put(ProfileFunctions.class, () -> new ProfileFunctions(auth, profile));
        factories.put(SessionFunctions.class, () -> new SessionFunctions(auth, sessionUseCases));
        factories.put(AdminAccountFunctions.class, () -> new AdminAccountFunctions(auth, moderate));

        // Every key-index entry this process writes goes straight into the verification cache.
        KeyIndexCache verificationCache = new KeyIndexCache(KeyIndexCache.DEFAULT_CAPACITY, parts.clock);
        KeyRecords keyRecords = new KeyRecords(parts.store, parts.retention, parts.clock, verificationCache);
        SubscriptionRecords subscriptionRecords = new SubscriptionRecords(parts.store, parts.retention, parts.clock);
        SubscriptionServices subscriptions = new SubscriptionServices(subscriptionRecords, new OpenSubscriptionSlots(parts.store),
                new SubscriptionSchedule(parts.store, parts.retention), parts.plans, services.audit(), services.pseudonyms(),
                new KeyIndexRefresher(keyRecords), parts.clock);
        SubscriptionFunctions.UseCases subscriptionUseCases = new SubscriptionFunctions.UseCases(new RequestSubscription(subscriptions),
                new ViewSubscriptions(subscriptions), new CancelSubscription(subscriptions));
        ReviewSubscriptions review = new ReviewSubscriptions(subscriptions);
        factories.put(SubscriptionFunctions.class, () -> new SubscriptionFunctions(auth, subscriptionUseCases));
        factories.put(AdminSubscriptionFunctions.class, () -> new AdminSubscriptionFunctions(auth, review));
        ExpireSubscriptions expiry = new ExpireSubscriptions(subscriptions, accounts, parts.notifier);
        factories.put(SubscriptionExpiryFunction.class, () -> new SubscriptionExpiryFunction(expiry));

        KeyHasher hasher = new KeyHasher(parts.secretSource);
        KeyServices keyServices = new KeyServices(keyRecords, new KeyIssuer(hasher, random), subscriptionRecords,
                parts.plans, services.audit(), services.pseudonyms(), parts.clock);
        KeyFunctions.UseCases keyUseCases = new KeyFunctions.UseCases(new IssueKey(keyServices), new ListKeys(keyServices),
                new RotateKey(keyServices), new RevokeKey(keyServices), parts.clock);
        factories.put(KeyFunctions.class, () -> new KeyFunctions(auth, keyUseCases));

        // The monthly quota counts what usage ingestion records, and verification reads it.
        MonthlyQuota quota = new MonthlyQuota(parts.store, parts.retention, parts.clock);
        parts.closeLater(QuotaFlusher.start(quota, MonthlyQuota.FLUSH_INTERVAL));
        VerifyApiKey verify = new VerifyApiKey(hasher, keyRecords, verificationCache, quota, parts.plans, parts.clock);
        factories.put(GatewayVerifyFunction.class, () -> new GatewayVerifyFunction(verify));
        UsageRecords usageRecords = new UsageRecords(parts.store, parts.retention, parts.clock);
        RecordUsage recordUsage = new RecordUsage(new KeyOwners(keyRecords), usageRecords, keyRecords, quota, parts.clock);
        ViewUsage viewUsage = new ViewUsage(subscriptionUseCases.view(), usageRecords, parts.retention, parts.clock);
        factories.put(GatewayUsageFunction.class, () -> new GatewayUsageFunction(recordUsage));
        factories.put(UsageFunctions.class, () -> new UsageFunctions(auth, viewUsage));

        registerPrivacyWorker(factories, parts, auth, services, profile.update(), keyRecords, subscriptionRecords,
                subscriptionUseCases.cancel(), form, holds, maxBodyBytes);
        registerRetention(factories, parts, auth, services, usageRecords, holds, privacyRecords, submitPrivacyRequest);
    }

    /**
     * The retention purge timer (with the legal-hold sweep, which files the deletion request that finishes
     * a held erasure), the administrators' list of its reports, and legal holds.
     */
    private static void registerRetention(Map<Class<?>, Supplier<?>> factories, Builder parts, FrontendAuth auth,
                                          AccountServices services, UsageRecords usage, LegalHolds holds,
                                          PrivacyRequestRecords privacyRecords, SubmitPrivacyRequest submitPrivacyRequest) {
        RetentionRuns runs = new RetentionRuns(parts.store);
        LegalHoldSweep sweep = new LegalHoldSweep(holds, parts.store, services.pseudonyms(), privacyRecords, submitPrivacyRequest,
                parts.clock);
        PurgeExpiredData purge = new PurgeExpiredData(services.accounts(), usage, parts.exports, parts.notifier, holds, sweep, runs,
                services.audit(), services.pseudonyms(), parts.retention, parts.clock, PurgeExpiredData.Limits.STANDARD);
        ListRetentionRuns list = new ListRetentionRuns(runs);
        factories.put(RetentionPurgeFunction.class, () -> new RetentionPurgeFunction(purge));
        factories.put(AdminRetentionFunctions.class, () -> new AdminRetentionFunctions(auth, list, holds));
    }

    /**
     * The privacy-request worker (queue), its poison handler, the admin retry, and what the requester
     * reads afterwards (the export, the erasure receipt), also through the privacy form.
     */
    private static void registerPrivacyWorker(Map<Class<?>, Supplier<?>> factories, Builder parts, FrontendAuth auth,
                                              AccountServices services, UpdateProfile updateProfile, KeyRecords keyRecords,
                                              SubscriptionRecords subscriptionRecords, CancelSubscription cancelSubscription,
                                              PrivacyFormParts form, LegalHolds holds, int maxBodyBytes) {
        PrivacyRequestRecords requests = new PrivacyRequestRecords(parts.store, parts.retention, parts.clock);
        ErasedIdentities erasedIdentities = new ErasedIdentities(parts.store, parts.secretSource, parts.retention);
        DocumentAuditLog auditTrail = new DocumentAuditLog(parts.store, new SecureRandom(), parts.retention);
        Map<PrivacyStep, PrivacyStepHandler> handlers = new EnumMap<>(PrivacyStep.class);
        handlers.put(PrivacyStep.WRITE_EXPORT, new WriteAccessExport(services.accounts(), services.sessions(), subscriptionRecords,
                keyRecords, requests, parts.store, auditTrail, services.pseudonyms(), parts.exports, parts.retention, parts.clock));
        handlers.put(PrivacyStep.APPLY_CORRECTION, new ApplyCorrection(services.accounts(), updateProfile));
        handlers.putAll(new ErasureSteps(services.accounts(), services.sessions(), subscriptionRecords, cancelSubscription, keyRecords,
                requests, erasedIdentities, parts.store, parts.exports, parts.physicalErasure(), holds, services.audit(),
                services.pseudonyms(), parts.clock).handlers());
        CarryOutPrivacyRequest carryOut = new CarryOutPrivacyRequest(requests, handlers, services.audit(), services.pseudonyms(),
                parts.clock);
        FailPrivacyRequest fail = new FailPrivacyRequest(requests, new LoggedOperatorAlerts(), services.audit(), services.pseudonyms(),
                parts.clock);
        RetryPrivacyRequest retry = new RetryPrivacyRequest(requests, parts.messageQueue, services.audit(), services.pseudonyms(),
                parts.clock);
        ReadPrivacyResults results = new ReadPrivacyResults(requests, erasedIdentities, parts.exports, parts.retention, parts.clock);
        registerPrivacyForm(factories, parts, services, form, results, maxBodyBytes);
        factories.put(PrivacyRequestQueueFunctions.class, () -> new PrivacyRequestQueueFunctions(carryOut, fail));
        factories.put(AdminPrivacyFunctions.class, () -> new AdminPrivacyFunctions(auth, retry));
        factories.put(PrivacyResultFunctions.class, () -> new PrivacyResultFunctions(auth, results));
    }

    /** The privacy form's parts that intake's re-enqueue timer needs too (it finishes stranded confirmations). */
    private record PrivacyFormParts(PrivacyFormRecords forms, PrivacyFormKeys keys, PrivacyFormLimits limits, ConfirmPrivacyForm confirm) {
        static PrivacyFormParts of(Builder parts, AccountServices services, PrivacyRequestRecords requests,
                                   SubmitPrivacyRequest submitPrivacyRequest) {
            SecureRandom random = new SecureRandom();
            PrivacyFormRecords forms = new PrivacyFormRecords(parts.store, parts.retention, parts.clock);
            PrivacyFormKeys keys = new PrivacyFormKeys(parts.secretSource, random);
            PrivacyFormLimits limits = new PrivacyFormLimits(parts.clock, random);
            return new PrivacyFormParts(forms, keys, limits, new ConfirmPrivacyForm(forms, requests, services.accounts(),
                    submitPrivacyRequest, keys, limits, services.audit(), services.pseudonyms(), parts.clock));
        }
    }

    /** The privacy form: requests by people who do not sign in, confirmed by a code mailed to the address. */
    private static void registerPrivacyForm(Map<Class<?>, Supplier<?>> factories, Builder parts, AccountServices services,
                                            PrivacyFormParts form, ReadPrivacyResults results, int maxBodyBytes) {
        PrivacyRequestRecords requests = new PrivacyRequestRecords(parts.store, parts.retention, parts.clock);
        PrivacyFormFunctions.UseCases useCases = new PrivacyFormFunctions.UseCases(
                new SubmitPrivacyForm(form.forms(), services.accounts(), form.keys(), form.limits(), parts.notifier, parts.clock),
                form.confirm(),
                new FollowPrivacyForm(form.forms(), requests, results, form.keys(), parts.retention));
        factories.put(PrivacyFormFunctions.class, () -> new PrivacyFormFunctions(useCases, maxBodyBytes));
    }

    /**
     * Builds the portal from settings. Every setting is validated first: a missing or invalid one stops
     * start-up with an {@link InvalidSettingException} naming it and its accepted values.
     */
    public static Portal build(Settings settings) {
        settings.validate(PortalSettings.ALL);
        Builder parts = new Builder(settings);
        parts.environment = settings.get(PortalSettings.ENVIRONMENT);
        requireLocalForLocalOnlyParts(settings, parts.environment);
        parts.plans = loadPlans(settings);
        parts.retention = retentionSchedule(settings);
        parts.clock = new SystemClock();
        Path dataDir = settings.get(PortalSettings.DATA_DIR).toAbsolutePath();
        try {
            if (parts.environment == PortalSettings.Environment.LOCAL) {
                // Only local parts use it; in Azure the app's folder may well be read-only.
                DataFolder.prepare(dataDir);
            }
            openStore(parts, dataDir);
            openQueue(parts, dataDir);
            openExports(parts, dataDir);
            openSecrets(parts, dataDir);
            openAuthentication(parts, dataDir);
            openNotifier(parts, dataDir);
            return new Portal(parts);
        } catch (RuntimeException failure) {
            parts.closeAll();
            throw failure;
        }
    }

    /**
     * The plan catalogue: the file {@code PORTAL_PLANS_FILE} names, or the built-in one. Read before
     * anything is opened, so that an invalid catalogue stops start-up at once, naming file, plan and field.
     */
    private static PlanCatalogue loadPlans(Settings settings) {
        Optional<Path> file = settings.get(PortalSettings.PLANS_FILE);
        if (file.isEmpty()) {
            return PlanCatalogueFile.builtIn();
        }
        try {
            return PlanCatalogueFile.read(file.get());
        } catch (InvalidPlanCatalogueException invalid) {
            throw new InvalidSettingException(PortalSettings.PLANS_FILE.name(), "Setting " + PortalSettings.PLANS_FILE.name()
                    + " names a plan catalogue the portal cannot use. " + invalid.getMessage());
        }
    }

    /**
     * The retention schedule with the overrides of {@code PORTAL_RETENTION_DAYS}; a period below a legal
     * minimum, or one for a category kept until an event, stops start-up naming the setting and the category.
     */
    private static RetentionSchedule retentionSchedule(Settings settings) {
        RetentionSchedule standard = RetentionSchedule.standard(Duration.ofMinutes(settings.get(PortalSettings.SESSION_IDLE_MINUTES)),
                Duration.ofHours(settings.get(PortalSettings.SESSION_LIFETIME_HOURS)));
        try {
            return standard.withOverrides(settings.get(PortalSettings.RETENTION_DAYS));
        } catch (IllegalArgumentException invalid) {
            throw new InvalidSettingException(PortalSettings.RETENTION_DAYS.name(), "Setting " + PortalSettings.RETENTION_DAYS.name()
                    + " gives a retention schedule the portal cannot keep: " + invalid.getMessage() + ".");
        }
    }

    private static void openStore(Builder parts, Path dataDir) {
        switch (parts.settings.get(PortalSettings.STORE)) {
            case EMBEDDED -> {
                EmbeddedDocumentStore store = parts.closeLater(
                        EmbeddedDocumentStore.open(dataDir.resolve("documents.mv.db"), Containers.ALL, parts.clock));
                parts.store = store;
                parts.embeddedStore = Optional.of(store);
                parts.healthIndicators.add(new CheckHealth.Named("store", "embedded", store));
            }
            case COSMOS -> {
                Settings settings = parts.settings;
                URI endpoint = settings.require(PortalSettings.COSMOS_ENDPOINT, "PORTAL_STORE=cosmos");
                CosmosStoreOptions.Credential credential = settings.get(PortalSettings.COSMOS_KEY)
                        .<CosmosStoreOptions.Credential>map(CosmosStoreOptions.Credential.AccountKey::new)
                        .orElseGet(() -> new CosmosStoreOptions.Credential.Entra(parts.credential()));
                CosmosStoreOptions options = CosmosStoreOptions.builder(endpoint, settings.get(PortalSettings.COSMOS_DATABASE), credential)
                        .connectionMode(settings.get(PortalSettings.COSMOS_CONNECTION_MODE) == PortalSettings.CosmosConnectionMode.GATEWAY
                                ? ConnectionMode.GATEWAY : ConnectionMode.DIRECT)
                        .createIfMissing(settings.get(PortalSettings.COSMOS_CREATE_CONTAINERS))
                        .containers(Containers.ALL)
                        .build();
                CosmosDocumentStore store = parts.closeLater(CosmosDocumentStore.open(options));
                parts.store = store;
                parts.healthIndicators.add(new CheckHealth.Named("store", "cosmos", store));
            }
        }
    }

    private static void openQueue(Builder parts, Path dataDir) {
        switch (parts.settings.get(PortalSettings.QUEUE)) {
            case EMBEDDED -> {
                EmbeddedMessageQueue queue = parts.closeLater(
                        EmbeddedMessageQueue.open(dataDir.resolve("queue.mv.db"), parts.clock));
                parts.messageQueue = queue;
                parts.healthIndicators.add(new CheckHealth.Named("queue", "embedded", queue));
            }
            case STORAGE -> {
                StorageMessageQueue queue = parts.settings.get(PortalSettings.STORAGE_CONNECTION_STRING)
                        .map(StorageMessageQueue::connectingWith)
                        .orElseGet(() -> StorageMessageQueue.connectingTo(parts.settings.require(
                                PortalSettings.STORAGE_QUEUE_ENDPOINT, "PORTAL_QUEUE=storage without a connection string"),
                                parts.credential()));
                parts.messageQueue = queue;
                parts.healthIndicators.add(new CheckHealth.Named("queue", "storage", queue));
            }
        }
    }

    private static void openExports(Builder parts, Path dataDir) {
        switch (parts.settings.get(PortalSettings.EXPORTS)) {
            case EMBEDDED -> {
                EmbeddedExportStore exports = EmbeddedExportStore.open(dataDir.resolve("exports"), parts.clock);
                parts.exports = exports;
                parts.healthIndicators.add(new CheckHealth.Named("exports", "embedded", exports));
            }
            case BLOB -> {
                String container = parts.settings.get(PortalSettings.EXPORTS_CONTAINER);
                // With a connection string (Azurite) the container is made on first use; in Azure,
                // Bicep creates it and the app's identity may not.
                BlobExportStore exports = parts.settings.get(PortalSettings.STORAGE_CONNECTION_STRING)
                        .map(connection -> BlobExportStore.connectingWith(connection, container, true, parts.clock))
                        .orElseGet(() -> BlobExportStore.connectingTo(parts.settings.require(
                                PortalSettings.STORAGE_BLOB_ENDPOINT, "PORTAL_EXPORTS=blob without a connection string"),
                                parts.credential(), container, false, parts.clock));
                parts.exports = exports;
                parts.healthIndicators.add(new CheckHealth.Named("exports", "blob", exports));
            }
        }
    }

    private static void openSecrets(Builder parts, Path dataDir) {
        Set<String> names = new LinkedHashSet<>(SecretNames.ALL);
        switch (parts.settings.get(PortalSettings.SECRETS)) {
            case LOCAL -> {
                LocalSecretSource secrets = parts.closeLater(
                        LocalSecretSource.open(dataDir.resolve("secrets.json"), names, new SecureRandom()));
                parts.secretSource = secrets;
                parts.healthIndicators.add(new CheckHealth.Named("secrets", "local", secrets));
            }
            case KEYVAULT -> {
                URI vault = parts.settings.require(PortalSettings.KEYVAULT_URI, "PORTAL_SECRETS=keyvault");
                Duration refresh = Duration.ofMinutes(parts.settings.get(PortalSettings.SECRETS_REFRESH_MINUTES));
                KeyVaultSecretSource secrets = parts.closeLater(
                        KeyVaultSecretSource.start(vault, parts.credential(), names, refresh, parts.clock));
                parts.secretSource = secrets;
                parts.healthIndicators.add(new CheckHealth.Named("secrets", "keyvault", secrets));
            }
        }
    }

    /** How long one request for the issuer's metadata or key set may take; Entra answers in far less. */
    private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The token verifier, the same {@link EntraTokenVerifier} for both kinds of issuer. With the
     * development issuer, it takes the issuer's key in process, and issuer, audience and tenants default
     * to the issuer's own (the allowlist still applies to the tenants tokens are asked for).
     */
    private static void openAuthentication(Builder parts, Path dataDir) {
        Settings settings = parts.settings;
        String adminRole = settings.get(PortalSettings.AUTH_ADMIN_ROLE);
        EntraTokenVerifierOptions options = switch (settings.get(PortalSettings.AUTH)) {
            case DEV -> {
                refuseWithDevelopmentIssuer(settings, PortalSettings.AUTH_ISSUER);
                refuseWithDevelopmentIssuer(settings, PortalSettings.AUTH_METADATA_URL);
                List<String> audiences = settings.get(PortalSettings.AUTH_AUDIENCES)
                        .orElse(List.of(PortalSettings.LOCAL_AUDIENCE));
                DevTokenIssuer issuer = DevTokenIssuer.open(dataDir.resolve(DevTokenIssuer.KEY_FILE_NAME),
                        audiences.get(0), parts.clock, new SecureRandom());
                parts.developmentTokens = Optional.of(new IssueDevelopmentToken(issuer));
                yield new EntraTokenVerifierOptions(
                        EntraTokenVerifierOptions.KeySource.inProcess("the development issuer", issuer::jwksJson),
                        DevTokenIssuer.ISSUER, Set.copyOf(audiences),
                        Set.copyOf(settings.get(PortalSettings.AUTH_ALLOWED_TENANTS).orElse(List.of(PortalSettings.LOCAL_TENANT_ID))),
                        adminRole, KEY_FETCH_TIMEOUT);
            }
            case ENTRA -> {
                String because = PortalSettings.AUTH.name() + "=entra";
                yield new EntraTokenVerifierOptions(
                        EntraTokenVerifierOptions.KeySource.openIdMetadata(settings.require(PortalSettings.AUTH_METADATA_URL, because)),
                        settings.require(PortalSettings.AUTH_ISSUER, because),
                        Set.copyOf(settings.require(PortalSettings.AUTH_AUDIENCES, because)),
                        Set.copyOf(settings.require(PortalSettings.AUTH_ALLOWED_TENANTS, because)),
                        adminRole, KEY_FETCH_TIMEOUT);
            }
        };
        parts.tokenVerifier = new EntraTokenVerifier(options, parts.clock);
        if (settings.get(PortalSettings.AUTH_APP_SERVICE_ENFORCED)) {
            parts.appServicePrincipals = Optional.of(new AppServicePrincipalVerifier(options.allowedTenants(), adminRole, parts.clock));
        }
    }

    /**
     * Where notifications (verification codes) go: locally, files in the data folder's outbox that the
     * developer opens; in Azure, the {@code notifications} queue a mail sender consumes
     * (docs/notifications.md).
     */
    private static void openNotifier(Builder parts, Path dataDir) {
        if (parts.environment == PortalSettings.Environment.LOCAL) {
            LocalOutboxNotifier outbox = LocalOutboxNotifier.open(dataDir.resolve("outbox"), parts.clock);
            parts.outbox = Optional.of(outbox);
            parts.notifier = outbox;
        } else {
            parts.notifier = new QueueNotifier(parts.messageQueue, parts.retention.period(RetentionCategory.NOTIFICATIONS), parts.clock);
        }
    }

    /** The development issuer names its own issuer and holds its own key; a setting saying otherwise is a mistake. */
    private static void refuseWithDevelopmentIssuer(Settings settings, Setting<? extends Optional<?>> setting) {
        if (settings.get(setting).isPresent()) {
            throw new InvalidSettingException(setting.name(), "Setting " + setting.name() + " is for "
                    + PortalSettings.AUTH.name() + "=entra; with " + PortalSettings.AUTH.name()
                    + "=dev leave it empty: the development issuer names its own issuer and holds its own key.");
        }
    }

    /**
     * Embedded parts keep data on the instance's own disk, which in Azure is neither durable nor
     * shared between instances, and account keys or connection strings are for emulators (Azure has
     * key auth disabled): outside local mode all of them are refused, so a forgotten setting cannot
     * silently run production on them. The development issuer signs a token for anyone who asks, so
     * it is refused there too.
     */
    private static void requireLocalForLocalOnlyParts(Settings settings, PortalSettings.Environment environment) {
        if (environment == PortalSettings.Environment.LOCAL) {
            return;
        }
        List<String> localOnly = new ArrayList<>();
        if (settings.get(PortalSettings.STORE) == PortalSettings.StoreKind.EMBEDDED) {
            localOnly.add(PortalSettings.STORE.name() + "=embedded");
        }
        if (settings.get(PortalSettings.QUEUE) == PortalSettings.QueueKind.EMBEDDED) {
            localOnly.add(PortalSettings.QUEUE.name() + "=embedded");
        }
        if (settings.get(PortalSettings.EXPORTS) == PortalSettings.ExportsKind.EMBEDDED) {
            localOnly.add(PortalSettings.EXPORTS.name() + "=embedded");
        }
        if (settings.get(PortalSettings.SECRETS) == PortalSettings.SecretsKind.LOCAL) {
            localOnly.add(PortalSettings.SECRETS.name() + "=local");
        }
        if (settings.get(PortalSettings.COSMOS_KEY).isPresent()) {
            localOnly.add(PortalSettings.COSMOS_KEY.name());
        }
        if (settings.get(PortalSettings.STORAGE_CONNECTION_STRING).isPresent()) {
            localOnly.add(PortalSettings.STORAGE_CONNECTION_STRING.name());
        }
        if (settings.get(PortalSettings.AUTH) == PortalSettings.AuthKind.DEV) {
            localOnly.add(PortalSettings.AUTH.name() + "=dev");
        }
        if (!localOnly.isEmpty()) {
            throw new InvalidSettingException(PortalSettings.ENVIRONMENT.name(), String.join(", ", localOnly)
                    + " may only be used with " + PortalSettings.ENVIRONMENT.name() + "=local: embedded parts keep"
                    + " data on the instance's local disk, keys or connection strings are for emulators, and the"
                    + " development issuer signs tokens for anyone. In Azure select the Azure adapters, which sign"
                    + " in with the app's managed identity, and " + PortalSettings.AUTH.name() + "=entra.");
        }
    }

    /** The process's portal, built from the environment on first use. */
    public static Portal current() {
        Portal portal = current;
        if (portal == null) {
            synchronized (LOCK) {
                portal = current;
                if (portal == null) {
                    portal = build(Settings.fromEnvironment());
                    current = portal;
                    LOG.info("portal composed from environment settings");
                }
            }
        }
        return portal;
    }

    /** Makes {@code portal} the process's portal; for hosts that build it from other settings. */
    public static void install(Portal portal) {
        synchronized (LOCK) {
            current = Objects.requireNonNull(portal, "portal");
        }
    }

    /** Forgets the installed portal (tests and a stopping local host). */
    public static void uninstall(Portal portal) {
        synchronized (LOCK) {
            if (current == portal) {
                current = null;
            }
        }
    }

    /** A new instance of a function class, wired to this portal's use cases. */
    public <T> T newFunction(Class<T> functionClass) {
        Supplier<?> factory = functionFactories.get(functionClass);
        if (factory == null) {
            throw new IllegalArgumentException("not a function class of the portal: " + functionClass.getName());
        }
        return functionClass.cast(factory.get());
    }

    /** The function classes this portal can make, that is every class with {@code @FunctionName} methods. */
    public Set<Class<?>> functionClasses() {
        return functionFactories.keySet();
    }

    public Settings settings() {
        return settings;
    }

    public PortalSettings.Environment environment() {
        return environment;
    }

    public Clock clock() {
        return clock;
    }

    public MessageQueue messageQueue() {
        return messageQueue;
    }

    public SecretSource secretSource() {
        return secretSource;
    }

    public CheckHealth checkHealth() {
        return checkHealth;
    }

    /** The one verifier of users' bearer tokens, whichever issuer {@code PORTAL_AUTH} names. */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    /** Issuing development tokens; present only with {@code PORTAL_AUTH=dev}, hence only in local mode. */
    public Optional<IssueDevelopmentToken> developmentTokens() {
        return developmentTokens;
    }

    /** The plans on offer, read once at start-up. */
    public PlanCatalogue plans() {
        return plans;
    }

    /** The retention schedule in force: the shipped one with the overrides of {@code PORTAL_RETENTION_DAYS}. */
    public RetentionSchedule retention() {
        return retention;
    }

    /** Whether App Service authentication is enforced, so its client principal header may be trusted. */
    public boolean appServiceAuthEnforced() {
        return appServiceAuthEnforced;
    }

    /** The build's version, from {@code version.properties} (filtered by Maven). */
    public static String version() {
        try (InputStream in = Portal.class.getResourceAsStream("/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every client in reverse order of creation; safe to call twice. */
    @Override
    public void close() {
        closeInReverse(closeables);
    }

    private static void closeInReverse(List<AutoCloseable> closeables) {
        List<AutoCloseable> reversed = new ArrayList<>(closeables);
        Collections.reverse(reversed);
        for (AutoCloseable closeable : reversed) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warning("closing " + closeable.getClass().getSimpleName() + " failed: " + e.getClass().getSimpleName());
            }
        }
    }

    /** The parts {@link #build} assembles before the portal is made. */
    private static final class Builder {
        final Settings settings;
        PortalSettings.Environment environment;
        Clock clock;
        MessageQueue messageQueue;
        SecretSource secretSource;
        TokenVerifier tokenVerifier;
        Optional<TokenVerifier> appServicePrincipals = Optional.empty();
        Optional<IssueDevelopmentToken> developmentTokens = Optional.empty();
        DocumentStore store;
        Notifier notifier;
        ExportStore exports;
        /** The local parts that keep erased data on disk until told otherwise (see {@link #physicalErasure()}). */
        Optional<EmbeddedDocumentStore> embeddedStore = Optional.empty();
        Optional<LocalOutboxNotifier> outbox = Optional.empty();
        PlanCatalogue plans;
        RetentionSchedule retention;
        /** Where alerts for operators go: a log line an Application Insights alert rule matches (docs/operations.md). */
        final OperatorAlerts alerts = new LoggedOperatorAlerts();
        final List<CheckHealth.Named> healthIndicators = new ArrayList<>();
        final List<AutoCloseable> closeables = new ArrayList<>();

        private TokenCredential credential;

        Builder(Settings settings) {
            this.settings = settings;
        }

        /**
         * The one Entra ID credential every Azure client of the process shares: the managed identity
         * in Azure (the user-assigned one when AZURE_CLIENT_ID is set), a developer's sign-in locally.
         */
        TokenCredential credential() {
            if (credential == null) {
                DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
                settings.get(PortalSettings.AZURE_CLIENT_ID).ifPresent(builder::managedIdentityClientId);
                credential = builder.build();
            }
            return credential;
        }

        /** What an erasure must do beyond deleting, for the parts in use: nothing on Cosmos with the queue notifier. */
        PhysicalErasure physicalErasure() {
            return embeddedStore.isEmpty() && outbox.isEmpty() ? PhysicalErasure.NONE : new LocalPhysicalErasure(embeddedStore, outbox);
        }

        <T extends AutoCloseable> T closeLater(T closeable) {
            closeables.add(closeable);
            return closeable;
        }

        /** Start-up failed half-way: release what was opened, so the data folder is not left locked. */
        void closeAll() {
            closeInReverse(closeables);
        }
    }
}
