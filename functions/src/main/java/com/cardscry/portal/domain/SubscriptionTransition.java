package com.cardscry.portal.domain;

import static com.cardscry.portal.domain.SubscriptionState.ACTIVE;
import static com.cardscry.portal.domain.SubscriptionState.CANCELLED;
import static com.cardscry.portal.domain.SubscriptionState.EXPIRED;
import static com.cardscry.portal.domain.SubscriptionState.REJECTED;
import static com.cardscry.portal.domain.SubscriptionState.SUBMITTED;
import static com.cardscry.portal.domain.SubscriptionState.SUSPENDED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What can happen to a subscription, and the one table of which action leads from which state to
 * which. An action the table does not list for a state is not allowed in that state; states with no
 * action at all are terminal. Nothing else in the portal decides subscription states.
 */
public enum SubscriptionTransition {
    /** An administrator accepts a submitted subscription. */
    APPROVE,
    /** An administrator refuses a submitted subscription. */
    REJECT,
    /** An administrator stops an active subscription for now. */
    SUSPEND,
    /** An administrator lets a suspended subscription work again. */
    REACTIVATE,
    /** The developer or an administrator ends the subscription. */
    CANCEL,
    /** The subscription's time ran out. */
    EXPIRE;

    private static final Map<SubscriptionState, Map<SubscriptionTransition, SubscriptionState>> TABLE = table(
            //   from       action      to
            edge(SUBMITTED, APPROVE,    ACTIVE),
            edge(SUBMITTED, REJECT,     REJECTED),
            edge(SUBMITTED, CANCEL,     CANCELLED),
            edge(SUBMITTED, EXPIRE,     EXPIRED),
            edge(ACTIVE,    SUSPEND,    SUSPENDED),
            edge(ACTIVE,    CANCEL,     CANCELLED),
            edge(ACTIVE,    EXPIRE,     EXPIRED),
            edge(SUSPENDED, REACTIVATE, ACTIVE),
            edge(SUSPENDED, CANCEL,     CANCELLED),
            edge(SUSPENDED, EXPIRE,     EXPIRED));

    /** The lower-case name the API and the audit log use. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state this action leads to from any state that allows it: each action has exactly one in
     * the table, so a use case can tell a repeated request (already there) from a refused one.
     */
    public SubscriptionState target() {
        return TABLE.values().stream()
                .map(edges -> edges.get(this))
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the table has no edge for " + this));
    }

    /** The state {@code action} leads to from {@code state}; empty when the table does not allow it. */
    public static Optional<SubscriptionState> next(SubscriptionState state, SubscriptionTransition action) {
        Objects.requireNonNull(action, "action");
        return Optional.ofNullable(TABLE.get(Objects.requireNonNull(state, "state")).get(action));
    }

    /** Whether the table allows {@code action} in {@code state}. */
    public static boolean allows(SubscriptionState state, SubscriptionTransition action) {
        return next(state, action).isPresent();
    }

    /** The actions allowed in {@code state}; empty for a terminal state. */
    public static Set<SubscriptionTransition> allowedFrom(SubscriptionState state) {
        return TABLE.get(Objects.requireNonNull(state, "state")).keySet();
    }

    private record Edge(SubscriptionState from, SubscriptionTransition action, SubscriptionState to) {
    }

    private static Edge edge(SubscriptionState from, SubscriptionTransition action, SubscriptionState to) {
        return new Edge(from, action, to);
    }

    /** Every state gets a row (terminal ones an empty row); an action listed twice from one state is a mistake. */
    private static Map<SubscriptionState, Map<SubscriptionTransition, SubscriptionState>> table(Edge... edges) {
        Map<SubscriptionState, Map<SubscriptionTransition, SubscriptionState>> rows = new EnumMap<>(SubscriptionState.class);
        for (SubscriptionState state : SubscriptionState.values()) {
            rows.put(state, new EnumMap<>(SubscriptionTransition.class));
        }
        for (Edge edge : edges) {
            if (rows.get(edge.from()).put(edge.action(), edge.to()) != null) {
                throw new IllegalStateException(edge.action() + " is listed twice from " + edge.from());
            }
        }
        rows.replaceAll((state, row) -> Collections.unmodifiableMap(row));
        return Collections.unmodifiableMap(rows);
    }
}
