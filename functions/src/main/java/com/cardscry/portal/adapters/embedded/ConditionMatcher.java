package com.cardscry.portal.adapters.embedded;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.Query.Condition;
import com.cardscry.portal.application.port.Query.Operator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Evaluates query conditions the way Cosmos DB does (see {@code Query}): strings by code point,
 * numbers by value whatever their Java type, booleans for (in)equality only; a missing field, a
 * {@code null} or a value of another JSON type than the constant meets no condition.
 *
 * <p>A condition sees the document as Cosmos stores it: {@code id}, the partition key field and the
 * document's fields.
 */
final class ConditionMatcher {

    private ConditionMatcher() {
    }

    static boolean meetsAll(Document document, List<Condition> conditions) {
        for (Condition condition : conditions) {
            if (!meets(valueAt(document, condition.fieldPath()), condition)) {
                return false;
            }
        }
        return true;
    }

    /** The value at a dot-separated path, or {@code null} if it is missing. */
    private static Object valueAt(Document document, String fieldPath) {
        String[] names = fieldPath.split("\\.");
        if (names.length == 1 && names[0].equals("id")) {
            return document.id();
        }
        Object value = document.fields();
        for (String name : names) {
            if (!(value instanceof Map<?, ?> object)) {
                return null;
            }
            value = object.get(name);
        }
        return value;
    }

    private static boolean meets(Object actual, Condition condition) {
        Object expected = condition.value();
        Operator operator = condition.operator();
        if (actual instanceof String a && expected instanceof String e) {
            return holds(operator, compareByCodePoint(a, e));
        }
        if (actual instanceof Number a && expected instanceof Number e) {
            return holds(operator, compareByValue(a, e));
        }
        if (actual instanceof Boolean a && expected instanceof Boolean e) {
            return switch (operator) {
                case EQUAL -> a.equals(e);
                case NOT_EQUAL -> !a.equals(e);
                default -> false;
            };
        }
        return false;
    }

    private static boolean holds(Operator operator, int comparison) {
        return switch (operator) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS_THAN -> comparison < 0;
            case LESS_OR_EQUAL -> comparison <= 0;
            case GREATER_THAN -> comparison > 0;
            case GREATER_OR_EQUAL -> comparison >= 0;
        };
    }

    /** Code point order, which differs from {@link String#compareTo} for characters beyond the BMP. */
    static int compareByCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Exact for every pair of Long and Double: a large long is not rounded to a double first. */
    private static int compareByValue(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return exact(a).compareTo(exact(b));
    }

    private static BigDecimal exact(Number n) {
        return n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal(n.doubleValue());
    }
}
