package com.cardscry.portal.application.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A single-partition query: all documents of one partition whose fields meet every condition,
 * ordered by id, one page at a time.
 *
 * <p>Comparison follows Cosmos DB: strings compare by code point, numbers by value, booleans only for
 * (in)equality; a field that is missing or holds another JSON type than the constant meets no
 * condition at all, not even {@link Operator#NOT_EQUAL}.
 *
 * @param partitionKey the one partition to search
 * @param conditions   all must hold (logical AND); empty means every document of the partition
 */
public record Query(String partitionKey, List<Condition> conditions) {

    public Query {
        Objects.requireNonNull(partitionKey, "partitionKey");
        conditions = List.copyOf(conditions);
    }

    public static Query partition(String partitionKey) {
        return new Query(partitionKey, List.of());
    }

    public Query where(String fieldPath, Operator operator, Object value) {
        List<Condition> more = new ArrayList<>(conditions);
        more.add(new Condition(fieldPath, operator, value));
        return new Query(partitionKey, more);
    }

    public enum Operator {
        EQUAL("="), NOT_EQUAL("!="), LESS_THAN("<"), LESS_OR_EQUAL("<="), GREATER_THAN(">"), GREATER_OR_EQUAL(">=");

        private final String sql;

        Operator(String sql) {
            this.sql = sql;
        }

        /** The operator in Cosmos SQL. */
        public String sql() {
            return sql;
        }
    }

    /**
     * One comparison of a field with a constant.
     *
     * @param fieldPath dot-separated path into the document, for example {@code state} or {@code quota.used}
     * @param operator  how to compare
     * @param value     a JSON scalar: String, Boolean, Long or Double (ints are widened); not null
     */
    public record Condition(String fieldPath, Operator operator, Object value) {

        private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

        public Condition {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            if (!PATH.matcher(fieldPath).matches()) {
                throw new IllegalArgumentException("not a field path: " + fieldPath);
            }
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                value = ((Number) value).longValue();
            } else if (value instanceof Float f) {
                value = f.doubleValue();
            }
            if (!(value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double)) {
                throw new IllegalArgumentException("a condition compares with a JSON scalar, not " + value.getClass().getSimpleName());
            }
        }
    }
}
