package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever actions are tried on a subscription, in whatever order, it only ever moves along the
 * specified table, a refused action changes nothing, and once terminal it stays terminal.
 */
class SubscriptionLifecycleProperties {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @Property(tries = 2_000)
    void randomActionsOnlyEverFollowTheTable(@ForAll boolean approvalRequired,
                                             @ForAll("actions") List<SubscriptionTransition> actions) {
        Subscription subscription = Subscription.request("sub-1", "acc-1", plan(approvalRequired), Optional.empty(), START);
        Instant now = START;
        boolean terminalReached = false;

        for (SubscriptionTransition action : actions) {
            now = now.plus(Duration.ofMinutes(1));
            SubscriptionState before = subscription.state();
            Optional<SubscriptionState> specified = SubscriptionTransitionsAsSpecified.next(before, action);
            if (specified.isPresent()) {
                subscription = subscription.apply(action, Optional.of("reason"), now);
                assertEquals(specified.get(), subscription.state(), before + " + " + action);
            } else {
                Subscription unchanged = subscription;
                Instant at = now;
                assertThrows(IllegalStateException.class, () -> unchanged.apply(action, Optional.of("reason"), at));
            }
            if (terminalReached) {
                assertEquals(before, subscription.state(), "left the terminal state " + before);
            }
            terminalReached |= subscription.state().isTerminal();
            assertEquals(!subscription.state().isTerminal(), subscription.isOpen());
        }
    }

    @Property(tries = 500)
    void aTerminalSubscriptionRefusesEveryAction(@ForAll("terminalStates") SubscriptionState terminal,
                                                 @ForAll("actions") List<SubscriptionTransition> actions) {
        Subscription ended = new Subscription("sub-1", "acc-1", "starter", terminal, START, START,
                Optional.empty(), Optional.empty(), java.util.Set.of());

        for (SubscriptionTransition action : actions) {
            assertThrows(IllegalStateException.class, () -> ended.apply(action, Optional.of("reason"), START));
        }
        assertTrue(SubscriptionTransition.allowedFrom(terminal).isEmpty());
    }

    @Provide
    Arbitrary<List<SubscriptionTransition>> actions() {
        return Arbitraries.of(SubscriptionTransition.class).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<SubscriptionState> terminalStates() {
        return Arbitraries.of(SubscriptionState.CANCELLED, SubscriptionState.EXPIRED, SubscriptionState.REJECTED);
    }

    private static Plan plan(boolean approvalRequired) {
        return new Plan("starter", "Starter", "For small apps.", PlanEnvironment.LIVE, 10, 100_000, approvalRequired, 2, 1,
                Duration.ofDays(365));
    }
}
