package com.cardscry.portal.adapters.cosmos;

import com.cardscry.portal.application.port.Query.Condition;
import com.cardscry.portal.application.port.Query.Operator;
import com.cardscry.portal.application.port.Query;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A port {@link Query} as Cosmos SQL. Values only ever travel as parameters; field names come from
 * paths the port has already validated ({@code [A-Za-z_][A-Za-z0-9_]*} segments) and are written in
 * bracket notation, so a field called like an SQL keyword still works.
 *
 * <p>Each comparison is guarded by a type check ({@code IS_STRING}, {@code IS_NUMBER}, {@code IS_BOOL})
 * so that a missing field or one of another type meets no condition, not even {@code !=}: the port's
 * rule, which does not then depend on how a server compares mixed types. Booleans are compared for
 * (in)equality only; an ordering comparison of booleans matches nothing. The partition is named in the
 * request and again in the filter. Results are ordered by {@code id}; paging is by the SDK's
 * continuation, since OFFSET/LIMIT would cost a scan of the skipped items.
 */
final class QuerySql {

    /** Cosmos SQL text with its named parameters, in order. */
    record Statement(String text, Map<String, Object> parameters) {
        Statement {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    private QuerySql() {
    }

    static Statement of(Query query, String partitionKeyField) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> filters = new ArrayList<>();
        parameters.put("@partitionKey", query.partitionKey());
        filters.add(reference(partitionKeyField) + " = @partitionKey");
        for (Condition condition : query.conditions()) {
            String parameter = "@p" + (parameters.size() - 1);
            filters.add(filter(condition, parameter));
            parameters.put(parameter, condition.value());
        }
        return new Statement("SELECT * FROM c WHERE " + String.join(" AND ", filters) + " ORDER BY c.id", parameters);
    }

    private static String filter(Condition condition, String parameter) {
        String field = reference(condition.fieldPath());
        Object value = condition.value();
        if (value instanceof Boolean && !isEquality(condition.operator())) {
            return "false";
        }
        String typeCheck = value instanceof String ? "IS_STRING" : value instanceof Boolean ? "IS_BOOL" : "IS_NUMBER";
        return "(" + typeCheck + "(" + field + ") AND " + field + " " + condition.operator().sql() + " " + parameter + ")";
    }

    private static boolean isEquality(Operator operator) {
        return operator == Operator.EQUAL || operator == Operator.NOT_EQUAL;
    }

    /** {@code quota.used} as {@code c["quota"]["used"]}; the port guarantees the segments are plain names. */
    private static String reference(String fieldPath) {
        StringBuilder reference = new StringBuilder("c");
        for (String segment : fieldPath.split("\\.")) {
            reference.append("[\"").append(segment).append("\"]");
        }
        return reference.toString();
    }
}
