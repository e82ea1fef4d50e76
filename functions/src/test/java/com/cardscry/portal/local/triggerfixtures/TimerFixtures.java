package com.cardscry.portal.local.triggerfixtures;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Timer functions for the local host's tests. The host makes a new instance per invocation, so what
 * they observe is kept in static fields; tests call {@link #reset} first.
 */
public final class TimerFixtures {

    /** The timer JSON of every invocation, in order. */
    public static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();
    /** The timer JSON of every invocation that returned. */
    public static final BlockingQueue<String> COMPLETED = new LinkedBlockingQueue<>();
    /** What {@link Blocking} waits for. */
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    private TimerFixtures() {
    }

    public static void reset() {
        RECEIVED.clear();
        COMPLETED.clear();
        gate = new CountDownLatch(1);
    }

    public static void openGate() {
        gate.countDown();
    }

    public static class EveryMinute {
        @FunctionName("EveryMinute")
        public void run(@TimerTrigger(name = "timer", schedule = "0 * * * * *") String timer, ExecutionContext context) {
            RECEIVED.add(timer);
            COMPLETED.add(timer);
        }
    }

    public static class EverySecond {
        @FunctionName("EverySecond")
        public void run(@TimerTrigger(name = "timer", schedule = "* * * * * *") String timer) {
            RECEIVED.add(timer);
        }
    }

    /** Holds its run until the test opens the gate. */
    public static class Blocking {
        @FunctionName("Blocking")
        public void run(@TimerTrigger(name = "timer", schedule = "0 * * * * *") String timer) throws InterruptedException {
            RECEIVED.add(timer);
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            COMPLETED.add(timer);
        }
    }

    public static class Failing {
        @FunctionName("Failing")
        public void run(@TimerTrigger(name = "timer", schedule = "0 * * * * *") String timer) {
            RECEIVED.add(timer);
            throw new IllegalStateException("alice@example.com must never reach a log");
        }
    }

    public static class FromSetting {
        @FunctionName("FromSetting")
        public void run(@TimerTrigger(name = "timer", schedule = "%TICK_SCHEDULE%") String timer) {
            RECEIVED.add(timer);
        }
    }

    public static class FiveFields {
        @FunctionName("FiveFields")
        public void run(@TimerTrigger(name = "timer", schedule = "*/5 * * * *") String timer) {
            RECEIVED.add(timer);
        }
    }

    public static class UnsupportedParameter {
        @FunctionName("UnsupportedParameter")
        public void run(@TimerTrigger(name = "timer", schedule = "0 * * * * *") String timer, int retries) {
            RECEIVED.add(timer);
        }
    }
}
