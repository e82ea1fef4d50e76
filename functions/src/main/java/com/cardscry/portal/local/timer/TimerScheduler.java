package com.cardscry.portal.local.timer;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.local.FunctionFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires timer functions on their NCRONTAB schedules, as the Functions host's timer trigger does.
 *
 * <p>What callers may rely on:
 * <ul>
 *   <li>Every schedule and parameter is checked by {@link #create}; a bad one fails start-up with a
 *       message naming the function.</li>
 *   <li>A function never runs twice at once. Occurrences that pass while it runs collapse into one run
 *       that starts when it finishes, with {@code IsPastDue} true.</li>
 *   <li>The function receives the timer JSON of the real host:
 *       {@code {"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":..,"Next":..,"LastUpdated":..},"IsPastDue":..}},
 *       ISO-8601 UTC timestamps; {@code Next} is the occurrence being run, {@code Last} the one run
 *       before it ({@code 0001-01-01T00:00:00Z} when none). {@code IsPastDue} is true when the run starts
 *       more than {@link #PAST_DUE_TOLERANCE} after its occurrence.</li>
 *   <li>The schedule status survives a restart (a JSON file in the data folder): an occurrence missed
 *       while the host was stopped runs once, past due, right after {@link #start}.</li>
 *   <li>A throwing function is logged with its name and the exception class only (messages may carry
 *       personal data), and its schedule goes on.</li>
 * </ul>
 *
 * <p>"Now" comes from the {@link Clock} port; only the waiting between occurrences uses real time, and
 * tests drive {@link #runDue} themselves instead of calling {@link #start}. Thread-safe.
 */
public final class TimerScheduler implements AutoCloseable {

    /** A run that starts later than this after its occurrence is past due. */
    public static final Duration PAST_DUE_TOLERANCE = Duration.ofSeconds(5);
    /** How long {@link #close} waits for running invocations. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** The longest sleep between two looks at the clock, so a changed system clock is noticed. */
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(TimerScheduler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<TimerFunction> functions;
    private final FunctionFactory factory;
    private final Clock clock;
    private final ScheduleStatusFile statusFile;
    private final ExecutorService workers;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a run finishes or the scheduler stops, so the waiting loop looks again. */
    private final Condition changed = lock.newCondition();
    private final Map<String, ScheduleStatus> statuses = new LinkedHashMap<>();
    private final Map<String, Boolean> running = new HashMap<>();
    private boolean stopping;
    private Thread loop;

    private TimerScheduler(List<TimerFunction> functions, FunctionFactory factory, Clock clock,
                           ScheduleStatusFile statusFile) {
        this.functions = functions;
        this.factory = factory;
        this.clock = clock;
        this.statusFile = statusFile;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "timer-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the timer functions and their schedule status; nothing runs until {@link #start} or
     * {@link #runDue}.
     *
     * @param timerFunctions {@code @FunctionName} methods with a {@code @TimerTrigger String} parameter
     * @param settings       app settings, for {@code %Setting%} schedules
     * @param statusFile     where the schedule status is kept between starts, e.g.
     *                       {@code <data folder>/timer-status.json}
     * @throws IllegalStateException    naming the function when a parameter cannot be bound or a
     *                                  referenced setting is missing
     * @throws IllegalArgumentException naming the function when a schedule is not six-field NCRONTAB
     */
    public static TimerScheduler create(List<Method> timerFunctions, FunctionFactory factory,
                                        Function<String, Optional<String>> settings, Clock clock, Path statusFile) {
        List<TimerFunction> functions = timerFunctions.stream().map(method -> TimerFunction.of(method, settings)).toList();
        TimerScheduler scheduler = new TimerScheduler(functions, factory, clock, new ScheduleStatusFile(statusFile));
        scheduler.loadStatuses();
        return scheduler;
    }

    /** One line per function for the host's start-up listing: name, schedule and the next occurrence. */
    public List<String> describe() {
        lock.lock();
        try {
            return functions.stream()
                    .map(function -> function.describe() + ", next " + statuses.get(function.name()).next())
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /** Starts firing the functions in a background thread. */
    public void start() {
        lock.lock();
        try {
            if (loop != null || stopping) {
                throw new IllegalStateException("the timer scheduler runs once");
            }
            loop = new Thread(this::fireUntilStopped, "timer-scheduler");
            loop.setDaemon(true);
            loop.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts every function whose next occurrence has come and that is not running already, on a
     * worker thread. The returned future completes when the runs started by this call have finished
     * (immediately when none was due); a failing function does not fail it.
     */
    public CompletableFuture<Void> runDue() {
        lock.lock();
        try {
            if (stopping) {
                return CompletableFuture.completedFuture(null);
            }
            Instant now = clock.now();
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (TimerFunction function : functions) {
                ScheduleStatus status = statuses.get(function.name());
                if (!running.get(function.name()) && !now.isBefore(status.next())) {
                    running.put(function.name(), true);
                    String timerJson = timerJson(status, isPastDue(status.next(), now));
                    started.add(CompletableFuture.runAsync(() -> runOnce(function, timerJson), workers)
                            .whenComplete((done, neverThrown) -> finished(function, status.next(), now)));
                }
            }
            return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops scheduling and waits up to {@link #STOP_GRACE} for running invocations to finish; one that
     * takes longer is interrupted and logged, and runs again past due at the next start.
     */
    @Override
    public void close() {
        Thread scheduling;
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
            scheduling = loop;
        } finally {
            lock.unlock();
        }
        workers.shutdown();
        try {
            if (scheduling != null) {
                scheduling.join();
            }
            if (!workers.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Timer functions still running after " + STOP_GRACE + " were interrupted");
                workers.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void fireUntilStopped() {
        lock.lock();
        try {
            while (!stopping) {
                runDue();
                changed.await(untilNextOccurrence().toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** How long the loop may sleep: until the earliest occurrence of a function that is not running. */
    private Duration untilNextOccurrence() {
        Instant now = clock.now();
        Duration wait = LONGEST_WAIT;
        for (TimerFunction function : functions) {
            if (!running.get(function.name())) {
                Duration untilNext = Duration.between(now, statuses.get(function.name()).next());
                wait = untilNext.compareTo(wait) < 0 ? untilNext : wait;
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private void runOnce(TimerFunction function, String timerJson) {
        try {
            function.invoke(factory, timerJson);
        } catch (Throwable failure) {
            // A timer function's failure is its own; the host logs it and keeps the schedule, as the real one does.
            LOG.log(Level.WARNING, "Timer function {0} failed: {1}",
                    new Object[] {function.name(), failure.getClass().getName()});
        }
    }

    /**
     * Records a finished run. The next occurrence is the first after the run <em>started</em>, so all
     * occurrences that passed while it ran collapse into one past-due run.
     */
    private void finished(TimerFunction function, Instant occurrence, Instant startedAt) {
        lock.lock();
        try {
            running.put(function.name(), false);
            statuses.put(function.name(), new ScheduleStatus(function.schedule().expression(), Optional.of(occurrence),
                    function.schedule().nextAfter(startedAt), clock.now()));
            saveStatuses();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the stored status of each function, or starts it afresh. A stored {@code Next} in the past
     * is an occurrence missed while the host was stopped: it stays, so the first {@link #runDue} runs it
     * past due. A status written for another schedule is recomputed from its last run.
     */
    private void loadStatuses() {
        Map<String, ScheduleStatus> stored = statusFile.read();
        Instant now = clock.now();
        for (TimerFunction function : functions) {
            NcrontabSchedule schedule = function.schedule();
            ScheduleStatus status = stored.get(function.name());
            if (status == null) {
                status = new ScheduleStatus(schedule.expression(), Optional.empty(), schedule.nextAfter(now), now);
            } else if (!status.schedule().equals(schedule.expression())) {
                status = new ScheduleStatus(schedule.expression(), status.last(),
                        schedule.nextAfter(status.last().orElse(now)), now);
            }
            statuses.put(function.name(), status);
            running.put(function.name(), false);
        }
        saveStatuses();
    }

    private void saveStatuses() {
        try {
            statusFile.write(statuses);
        } catch (RuntimeException notWritten) {
            // The schedule goes on from memory; only past-due detection across a restart is lost.
            LOG.log(Level.WARNING, "Cannot save the timer schedule status: {0}", notWritten.getMessage());
        }
    }

    private static boolean isPastDue(Instant occurrence, Instant startedAt) {
        return Duration.between(occurrence, startedAt).compareTo(PAST_DUE_TOLERANCE) > 0;
    }

    private static String timerJson(ScheduleStatus status, boolean isPastDue) {
        ObjectNode timer = JSON.createObjectNode();
        timer.putObject("Schedule").put("AdjustForDST", true);
        ObjectNode scheduleStatus = timer.putObject("ScheduleStatus");
        scheduleStatus.put("Last", status.last().orElse(ScheduleStatus.NEVER).toString());
        scheduleStatus.put("Next", status.next().toString());
        scheduleStatus.put("LastUpdated", status.lastUpdated().toString());
        timer.put("IsPastDue", isPastDue);
        return timer.toString();
    }
}
