package com.cardscry.portal.adapters.embedded;

import com.cardscry.portal.application.port.Query;
import java.util.List;
import java.util.Optional;

/**
 * The bounds a query's conditions on {@code id} put on the ids it can match, so that a query walks only
 * that stretch of its partition (documents are stored in id order within a partition) instead of
 * decoding the whole partition to test each document. The conditions are still tested on every
 * document walked; the bounds only decide where the walk starts and stops.
 *
 * <p>Only constants of printable ASCII bound the walk: for those, the stored keys' order ({@link
 * String#compareTo}) and Cosmos's code-point order agree on which side of the bound an id falls; a
 * condition with any other constant is left to the test on each document.
 */
record IdRange(Optional<String> lowest, Optional<String> highest, boolean highestIncluded) {

    private static final IdRange ALL = new IdRange(Optional.empty(), Optional.empty(), false);

    static IdRange of(List<Query.Condition> conditions) {
        IdRange range = ALL;
        for (Query.Condition condition : conditions) {
            if (condition.fieldPath().equals("id") && condition.value() instanceof String bound && isPrintableAscii(bound)) {
                range = range.narrowedBy(condition.operator(), bound);
            }
        }
        return range;
    }

    /** Where the walk starts within the partition: the lowest id that can match (empty: the partition's start). */
    String startKey() {
        return lowest.orElse("");
    }

    /** Whether {@code id}, and so every id after it, is above the range. */
    boolean isPast(String id) {
        if (highest.isEmpty()) {
            return false;
        }
        int comparison = id.compareTo(highest.get());
        return highestIncluded ? comparison > 0 : comparison >= 0;
    }

    private IdRange narrowedBy(Query.Operator operator, String bound) {
        return switch (operator) {
            // A lower bound that excludes itself still starts the walk there: the condition skips it.
            case GREATER_THAN, GREATER_OR_EQUAL -> withLowest(bound);
            case LESS_THAN -> withHighest(bound, false);
            case LESS_OR_EQUAL -> withHighest(bound, true);
            case EQUAL -> withLowest(bound).withHighest(bound, true);
            case NOT_EQUAL -> this;
        };
    }

    private IdRange withLowest(String bound) {
        return lowest.filter(current -> current.compareTo(bound) >= 0).isPresent() ? this
                : new IdRange(Optional.of(bound), highest, highestIncluded);
    }

    private IdRange withHighest(String bound, boolean included) {
        if (highest.isPresent()) {
            int comparison = highest.get().compareTo(bound);
            if (comparison < 0 || comparison == 0 && !highestIncluded) {
                return this;
            }
        }
        return new IdRange(lowest, Optional.of(bound), included);
    }

    private static boolean isPrintableAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
