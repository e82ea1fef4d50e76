package com.cardscry.portal.application.privacy;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes JSON onto a {@link Writer} as it goes, so an export of any size never exists as one string.
 * The application may not use Jackson (DESIGN.md section 2), and an export needs only objects, arrays,
 * strings, numbers, booleans and null; so this is the whole writer. It checks that names and values
 * alternate correctly inside objects and escapes strings per RFC 8259 ({@code <}, {@code >} and
 * {@code &} too, so the JSON can be embedded in HTML). Not thread-safe; one writer per document.
 */
final class JsonWriter {

    private enum Scope { OBJECT, ARRAY }

    private final Writer out;
    private final Deque<Scope> scopes = new ArrayDeque<>();
    /** Whether the current scope has a member or element already (a comma comes before the next). */
    private final Deque<Boolean> nonEmpty = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    JsonWriter beginObject() throws IOException {
        beforeValue();
        out.write('{');
        scopes.push(Scope.OBJECT);
        nonEmpty.push(false);
        return this;
    }

    JsonWriter endObject() throws IOException {
        end(Scope.OBJECT);
        out.write('}');
        return this;
    }

    JsonWriter beginArray() throws IOException {
        beforeValue();
        out.write('[');
        scopes.push(Scope.ARRAY);
        nonEmpty.push(false);
        return this;
    }

    JsonWriter endArray() throws IOException {
        end(Scope.ARRAY);
        out.write(']');
        return this;
    }

    JsonWriter name(String name) throws IOException {
        if (scopes.peek() != Scope.OBJECT || afterName) {
            throw new IllegalStateException("a name belongs inside an object, before its value");
        }
        comma();
        string(name);
        out.write(':');
        afterName = true;
        return this;
    }

    /** A string, a number, a boolean, null, or a list or string-keyed map of those. */
    JsonWriter value(Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            beginObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                name((String) entry.getKey()).value(entry.getValue());
            }
            return endObject();
        }
        if (value instanceof List<?> list) {
            beginArray();
            for (Object element : list) {
                value(element);
            }
            return endArray();
        }
        beforeValue();
        if (value == null) {
            out.write("null");
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            out.write(value.toString());
        } else if (value instanceof Double number && Double.isFinite(number)) {
            out.write(number.toString());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
        }
        return this;
    }

    /** A member: {@code name(name).value(value)}. */
    JsonWriter member(String name, Object value) throws IOException {
        return name(name).value(value);
    }

    private void beforeValue() throws IOException {
        if (scopes.peek() == Scope.OBJECT) {
            if (!afterName) {
                throw new IllegalStateException("a value inside an object needs its name first");
            }
            afterName = false;
        } else {
            comma();
        }
    }

    private void comma() throws IOException {
        if (!nonEmpty.isEmpty()) {
            if (nonEmpty.pop()) {
                out.write(',');
            }
            nonEmpty.push(true);
        }
    }

    private void end(Scope scope) {
        if (scopes.peek() != scope || afterName) {
            throw new IllegalStateException("unbalanced " + scope.name().toLowerCase(java.util.Locale.ROOT));
        }
        scopes.pop();
        nonEmpty.pop();
    }

    private void string(String text) throws IOException {
        out.write('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }
}
