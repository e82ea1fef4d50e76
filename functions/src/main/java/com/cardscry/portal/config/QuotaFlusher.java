package com.cardscry.portal.config;

import com.cardscry.portal.application.gateway.MonthlyQuota;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Flushes the monthly quota's counts on one daemon thread at a fixed interval, and once more on close,
 * so that a process shut down in an orderly way loses no count. A failed flush keeps its counts for
 * the next one and is logged by its counts only (no subscription ids).
 */
final class QuotaFlusher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QuotaFlusher.class.getName());

    private final MonthlyQuota quota;
    private final ScheduledExecutorService scheduler;

    private QuotaFlusher(MonthlyQuota quota, ScheduledExecutorService scheduler) {
        this.quota = quota;
        this.scheduler = scheduler;
    }

    static QuotaFlusher start(MonthlyQuota quota, Duration interval) {
        Objects.requireNonNull(quota, "quota");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "quota-flusher");
            thread.setDaemon(true);
            return thread;
        });
        QuotaFlusher flusher = new QuotaFlusher(quota, scheduler);
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(flusher::flushLogged, millis, millis, TimeUnit.MILLISECONDS);
        return flusher;
    }

    private void flushLogged() {
        try {
            MonthlyQuota.FlushReport report = quota.flush();
            if (report.failures() > 0) {
                LOG.warning("quota flush: " + report.failures() + " counters could not be written and are kept for the next flush");
            }
        } catch (RuntimeException unexpected) {
            // A scheduled task that throws is never run again: log and carry on.
            LOG.log(Level.WARNING, "quota flush failed: " + unexpected.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        flushLogged();
    }
}
