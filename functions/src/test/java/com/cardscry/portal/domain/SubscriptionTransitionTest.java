package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (state, action) pair, against the table of the specification written out in the test. */
class SubscriptionTransitionTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant NOW = CREATED.plusSeconds(3600);

    static Stream<Arguments> everyStateAndAction() {
        return Arrays.stream(SubscriptionState.values())
                .flatMap(state -> Arrays.stream(SubscriptionTransition.values()).map(action -> Arguments.of(state, action)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyStateAndAction")
    void the_table_answers_as_specified(SubscriptionState state, SubscriptionTransition action) {
        Optional<SubscriptionState> specified = SubscriptionTransitionsAsSpecified.next(state, action);

        assertEquals(specified, SubscriptionTransition.next(state, action));
        assertEquals(specified.isPresent(), SubscriptionTransition.allows(state, action));
        assertEquals(specified.isPresent(), SubscriptionTransition.allowedFrom(state).contains(action));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyStateAndAction")
    void a_subscription_takes_exactly_the_specified_transitions(SubscriptionState state, SubscriptionTransition action) {
        Subscription subscription = in(state);
        Optional<String> reason = Optional.of("as agreed by email");

        SubscriptionTransitionsAsSpecified.next(state, action).ifPresentOrElse(
                expected -> assertEquals(expected, subscription.apply(action, reason, NOW).state()),
                () -> {
                    IllegalStateException refused = assertThrows(IllegalStateException.class,
                            () -> subscription.apply(action, reason, NOW));
                    assertEquals("a " + state.code() + " subscription cannot " + action.code(), refused.getMessage());
                });
    }

    @Test
    void cancelled_expired_and_rejected_are_the_terminal_states_and_only_they_are_closed() {
        Set<SubscriptionState> terminal = Set.of(SubscriptionState.CANCELLED, SubscriptionState.EXPIRED, SubscriptionState.REJECTED);
        for (SubscriptionState state : SubscriptionState.values()) {
            assertEquals(terminal.contains(state), state.isTerminal(), state.code());
            assertEquals(!terminal.contains(state), state.isOpen(), state.code());
            assertEquals(!terminal.contains(state), in(state).isOpen(), state.code());
            assertEquals(terminal.contains(state), SubscriptionTransition.allowedFrom(state).isEmpty(), state.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SubscriptionState.class)
    void state_codes_are_lower_case_and_read_back(SubscriptionState state) {
        assertEquals(state.name().toLowerCase(java.util.Locale.ROOT), state.code());
        assertEquals(state, SubscriptionState.fromCode(state.code()));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionState.fromCode(state.name()));
    }

    @Test
    void every_action_is_allowed_from_some_state_so_none_is_dead() {
        for (SubscriptionTransition action : SubscriptionTransition.values()) {
            assertTrue(Arrays.stream(SubscriptionState.values()).anyMatch(state -> SubscriptionTransition.allows(state, action)),
                    action.code());
        }
    }

    private static Subscription in(SubscriptionState state) {
        return new Subscription("sub-1", "acc-1", "starter", state, CREATED, CREATED, Optional.empty(), Optional.empty(), Set.of());
    }
}
