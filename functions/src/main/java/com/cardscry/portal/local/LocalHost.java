package com.cardscry.portal.local;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.config.InvalidSettingException;
import com.cardscry.portal.config.Portal;
import com.cardscry.portal.config.PortalSettings;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.functions.http.JsonResponses;
import com.cardscry.portal.local.http.CorsPolicy;
import com.cardscry.portal.local.http.FunctionKeys;
import com.cardscry.portal.local.http.HttpEndpoint;
import com.cardscry.portal.local.http.LocalHttpServer;
import com.cardscry.portal.local.http.RouteTable;
import com.cardscry.portal.local.queue.QueueDispatcher;
import com.cardscry.portal.local.timer.TimerScheduler;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The local host (DESIGN.md section 5), started from the repository root with {@code mvn compile exec:java}.
 *
 * <p>Settings are layered: environment variables over the {@code Values} of {@code local.settings.json}
 * (if the working directory has one) over the local defaults ({@code PORTAL_ENVIRONMENT=local}). A
 * missing or invalid setting prints its message and exits with status {@value #INVALID_SETTINGS}.
 *
 * <p>What runs is a list of parts started in order and stopped in reverse: the HTTP server, then each
 * trigger runner (timers, queues), each an {@link AutoCloseable} that drains its own invocations when
 * closed. {@link #close()} (also run on SIGINT/SIGTERM) therefore stops the triggers, then the HTTP
 * server after its requests in flight finish (at most {@link #DRAIN_TIMEOUT}), then the portal.
 */
public final class LocalHost implements AutoCloseable {

    /** The exit status when a setting is missing or invalid. */
    public static final int INVALID_SETTINGS = 2;

    /** How long stopping waits for invocations in flight. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(LocalHost.class.getName());
    private static final Map<String, String> LOCAL_DEFAULTS = Map.of(PortalSettings.ENVIRONMENT.name(), "local");

    /**
     * What a local host serves.
     *
     * @param settings        the layered settings (port, body limit, keys, data folder)
     * @param hostJson        the parts of host.json the host honours
     * @param functionClasses the classes whose {@code @FunctionName} methods are served
     * @param functionFactory makes a function instance per invocation
     * @param messageQueue    the queue that queue triggers read and output bindings write; required
     *                        when any function has a queue trigger
     * @param clock           the time timers are scheduled by
     */
    public record Options(Settings settings, HostJson hostJson, Collection<Class<?>> functionClasses,
                          FunctionFactory functionFactory, Optional<MessageQueue> messageQueue, Clock clock) {

        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(hostJson, "hostJson");
            functionClasses = List.copyOf(functionClasses);
            Objects.requireNonNull(functionFactory, "functionFactory");
            Objects.requireNonNull(messageQueue, "messageQueue");
            Objects.requireNonNull(clock, "clock");
        }

        /** For functions that need no queue: no message queue, and the wall clock. */
        public Options(Settings settings, HostJson hostJson, Collection<Class<?>> functionClasses,
                       FunctionFactory functionFactory) {
            this(settings, hostJson, functionClasses, functionFactory, Optional.empty(), Instant::now);
        }
    }

    private final FunctionCatalog catalog;
    private final RouteTable routes;
    private final FunctionKeys keys;
    private final LocalHttpServer http;
    private final List<String> triggerListing;
    private final List<AutoCloseable> running;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private LocalHost(FunctionCatalog catalog, RouteTable routes, FunctionKeys keys, LocalHttpServer http,
                      List<String> triggerListing, List<AutoCloseable> running) {
        this.catalog = catalog;
        this.routes = routes;
        this.keys = keys;
        this.http = http;
        this.triggerListing = List.copyOf(triggerListing);
        this.running = List.copyOf(running);
    }

    public static void main(String[] args) throws InterruptedException {
        warmUpJsonInBackground();
        int status = run(System.getenv(), Path.of(""), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Jackson's first use loads some 650 classes, a few hundred milliseconds; on a second core that
     * overlaps with reading settings and opening the store, so the first request finds it ready.
     */
    private static void warmUpJsonInBackground() {
        Thread warmUp = new Thread(JsonResponses::warmUp, "json-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * Starts the portal's host and serves until it is closed (by the shutdown hook on SIGINT/SIGTERM).
     *
     * @return the exit status: 0 after a stop, {@value #INVALID_SETTINGS} when a setting is missing or
     *         invalid (its message is printed to {@code err}, without a stack trace)
     */
    static int run(Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err)
            throws InterruptedException {
        Settings settings;
        HostJson hostJson;
        try {
            settings = settings(environment, workingDirectory);
            hostJson = hostJson(workingDirectory);
        } catch (IllegalArgumentException unreadable) {
            err.println(unreadable.getMessage());
            return INVALID_SETTINGS;
        }
        LocalHost host;
        try {
            host = startPortal(settings, hostJson);
        } catch (InvalidSettingException invalid) {
            err.println(invalid.getMessage());
            return INVALID_SETTINGS;
        }
        // On SIGINT/SIGTERM the JVM runs this hook and halts when it returns, so the stop is finished here.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            out.println("Cardscry portal local host stopped; in-flight work finished");
        }, "local-host-stop"));
        host.describe(out);
        host.awaitClosed();
        return 0;
    }

    /** Environment variables over {@code local.settings.json} Values over the local defaults. */
    static Settings settings(Map<String, String> environment, Path workingDirectory) {
        return Settings.of(LOCAL_DEFAULTS)
                .overriddenBy(LocalSettingsFile.values(workingDirectory.resolve(LocalSettingsFile.FILE_NAME)))
                .overriddenBy(environment);
    }

    /**
     * Builds the portal from {@code settings}, installs it as the process's portal and serves its function
     * classes, with instances from the {@link FunctionInstanceInjector} registered for the Functions
     * worker. Closing the host closes the portal.
     *
     * @throws InvalidSettingException naming a missing or invalid setting
     */
    public static LocalHost startPortal(Settings settings, HostJson hostJson) {
        Portal portal = Portal.build(settings);
        Portal.install(portal);
        AutoCloseable releasePortal = () -> {
            Portal.uninstall(portal);
            portal.close();
        };
        try {
            return start(new Options(settings, hostJson, portal.functionClasses(), workerFunctionFactory(),
                    Optional.of(portal.messageQueue()), portal.clock()), releasePortal);
        } catch (RuntimeException startFailed) {
            closeQuietly(releasePortal);
            throw startFailed;
        }
    }

    /**
     * Serves {@code options.functionClasses()}; what tests start with fixture functions.
     *
     * @throws InvalidSettingException naming a missing or invalid setting
     * @throws IllegalStateException   naming a function whose route, trigger or parameters cannot be served
     */
    public static LocalHost start(Options options) {
        return start(options, () -> { });
    }

    private static LocalHost start(Options options, AutoCloseable closeLast) {
        Settings settings = options.settings();
        int maxBodyBytes = settings.get(PortalSettings.MAX_BODY_BYTES);
        int port = settings.get(PortalSettings.LOCAL_PORT);
        FunctionCatalog catalog = FunctionCatalog.of(options.functionClasses()).without(name -> isDisabled(settings, name));
        RouteTable routes = RouteTable.of(catalog.http().stream()
                .map(entry -> HttpEndpoint.of(entry, options.hostJson().routePrefix())).toList());
        FunctionKeys keys = FunctionKeys.load(settings);
        CorsPolicy cors = CorsPolicy.allowing(settings.get(PortalSettings.CORS_ALLOWED_ORIGINS));
        // Triggers are read (schedules parsed, %Setting% names resolved) before anything starts, so a
        // bad one stops start-up before a port is bound.
        Optional<TimerScheduler> timers = timers(catalog, options);
        Optional<QueueDispatcher> queues = queues(catalog, options);

        List<AutoCloseable> running = new ArrayList<>();
        running.add(closeLast);
        LocalHttpServer http = LocalHttpServer.start(routes, keys, cors, options.functionFactory(), maxBodyBytes, port,
                DRAIN_TIMEOUT);
        running.add(http);
        List<String> triggerListing = new ArrayList<>();
        timers.ifPresent(scheduler -> {
            scheduler.start();
            running.add(scheduler);
            triggerListing.addAll(scheduler.describe());
        });
        queues.ifPresent(dispatcher -> {
            dispatcher.start();
            running.add(dispatcher);
            triggerListing.addAll(dispatcher.describe());
        });
        return new LocalHost(catalog, routes, keys, http, triggerListing, running);
    }

    /**
     * Whether the app setting {@code AzureWebJobs.<name>.Disabled} is {@code true} (or {@code 1}): the
     * Functions host's own switch for turning a function off without a build, honoured here the same
     * way. A disabled HTTP function's route answers 404, a disabled trigger never fires.
     */
    static boolean isDisabled(Settings settings, String functionName) {
        return settings.value("AzureWebJobs." + functionName + ".Disabled")
                .map(value -> value.equalsIgnoreCase("true") || value.equals("1"))
                .orElse(false);
    }

    private static Optional<TimerScheduler> timers(FunctionCatalog catalog, Options options) {
        if (catalog.timers().isEmpty()) {
            return Optional.empty();
        }
        Path statusFile = options.settings().get(PortalSettings.DATA_DIR).resolve("timer-status.json");
        return Optional.of(TimerScheduler.create(methods(catalog.timers()), options.functionFactory(),
                options.settings()::bindingValue, options.clock(), statusFile));
    }

    private static Optional<QueueDispatcher> queues(FunctionCatalog catalog, Options options) {
        if (catalog.queues().isEmpty()) {
            return Optional.empty();
        }
        MessageQueue queue = options.messageQueue().orElseThrow(() -> new IllegalStateException(
                "queue functions " + catalog.queues().stream().map(FunctionCatalog.Entry::name).toList()
                        + " need a message queue, and none was given"));
        return Optional.of(QueueDispatcher.create(methods(catalog.queues()), options.functionFactory(),
                options.settings()::bindingValue, queue, options.hostJson(), DRAIN_TIMEOUT));
    }

    private static List<Method> methods(List<FunctionCatalog.Entry> entries) {
        return entries.stream().map(FunctionCatalog.Entry::method).toList();
    }

    /** The bound port (the free one chosen when the port setting is 0). */
    public int port() {
        return http.port();
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** The functions this host serves. */
    public FunctionCatalog catalog() {
        return catalog;
    }

    /** Prints the URL, each function with its route, methods and auth level or its trigger, and where the keys are. */
    public void describe(PrintStream out) {
        out.println("Cardscry portal local host listening on " + baseUri());
        for (HttpEndpoint endpoint : routes.endpoints()) {
            String methods = endpoint.methods().stream().map(Enum::name).collect(Collectors.joining(","));
            out.printf("  %-28s %-18s %s (%s)%n", endpoint.functionName(), methods, endpoint.route(),
                    endpoint.authLevel().name().toLowerCase(Locale.ROOT));
        }
        triggerListing.forEach(line -> out.println("  " + line));
        out.println(keys.file()
                .map(file -> "Function and master keys are in " + file.toAbsolutePath())
                .orElse("Function and master keys are the settings " + PortalSettings.LOCAL_FUNCTION_KEY.name()
                        + " and " + PortalSettings.LOCAL_MASTER_KEY.name()));
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops every part in reverse order of starting, each gracefully. Safe to call more than once and from
     * several threads: every call returns once the host has stopped.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosedUninterruptibly();
            return;
        }
        List<AutoCloseable> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        reversed.forEach(LocalHost::closeQuietly);
        closed.countDown();
    }

    private void awaitClosedUninterruptibly() {
        boolean interrupted = false;
        while (closed.getCount() > 0) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static FunctionFactory workerFunctionFactory() {
        FunctionInstanceInjector injector = ServiceLoader.load(FunctionInstanceInjector.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no FunctionInstanceInjector is registered in META-INF/services"));
        return injector::getInstance;
    }

    private static HostJson hostJson(Path workingDirectory) {
        Path file = workingDirectory.resolve("host.json");
        return Files.exists(file) ? HostJson.read(file) : HostJson.DEFAULTS;
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping " + part.getClass().getSimpleName() + " failed: " + e.getClass().getName());
        }
    }
}
