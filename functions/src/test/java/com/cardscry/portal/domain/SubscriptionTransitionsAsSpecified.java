package com.cardscry.portal.domain;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The subscription transitions as issue 5 specifies them, written out here independently of
 * {@link SubscriptionTransition}'s table, so that the tests compare the code with the specification
 * rather than with itself. A dash means the action is not allowed.
 */
final class SubscriptionTransitionsAsSpecified {

    private static final String SPECIFIED = """
            from        approve   reject    suspend    reactivate  cancel     expire
            submitted   active    rejected  -          -           cancelled  expired
            active      -         -         suspended  -           cancelled  expired
            suspended   -         -         -          active      cancelled  expired
            cancelled   -         -         -          -           -          -
            expired     -         -         -          -           -          -
            rejected    -         -         -          -           -          -
            """;

    private static final Map<SubscriptionState, Map<SubscriptionTransition, SubscriptionState>> TABLE = parse();

    private SubscriptionTransitionsAsSpecified() {
    }

    /** Where {@code action} leads from {@code state}, if the specification allows it there. */
    static Optional<SubscriptionState> next(SubscriptionState state, SubscriptionTransition action) {
        return Optional.ofNullable(TABLE.get(state).get(action));
    }

    private static Map<SubscriptionState, Map<SubscriptionTransition, SubscriptionState>> parse() {
        List<String[]> rows = SPECIFIED.lines().map(line -> line.strip().split("\\s+")).toList();
        String[] header = rows.get(0);
        Map<SubscriptionState, Map<SubscriptionTransition, SubscriptionState>> table = new EnumMap<>(SubscriptionState.class);
        for (String[] row : rows.subList(1, rows.size())) {
            Map<SubscriptionTransition, SubscriptionState> cells = new EnumMap<>(SubscriptionTransition.class);
            for (int column = 1; column < row.length; column++) {
                if (!row[column].equals("-")) {
                    cells.put(SubscriptionTransition.valueOf(header[column].toUpperCase(Locale.ROOT)),
                            SubscriptionState.valueOf(row[column].toUpperCase(Locale.ROOT)));
                }
            }
            table.put(SubscriptionState.valueOf(row[0].toUpperCase(Locale.ROOT)), cells);
        }
        if (table.size() != SubscriptionState.values().length || header.length != SubscriptionTransition.values().length + 1) {
            throw new IllegalStateException("the specified table must have a row per state and a column per action: "
                    + table.keySet() + " x " + Arrays.toString(header));
        }
        return table;
    }
}
