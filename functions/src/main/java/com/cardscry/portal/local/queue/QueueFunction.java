package com.cardscry.portal.local.queue;

import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.local.BindingExpressions;
import com.cardscry.portal.local.FunctionFactory;
import com.cardscry.portal.local.LocalExecutionContext;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** One queue function: the queue it listens to and how its parameters are bound. Immutable. */
final class QueueFunction {

    /** Azure Storage queue names, leaving room for the {@code -poison} suffix. */
    private static final Pattern QUEUE_NAME = Pattern.compile("(?!.*--)[a-z0-9][a-z0-9-]{1,55}[a-z0-9]");

    /** The value of one parameter for one delivery; output bindings also join {@code outputs}. */
    @FunctionalInterface
    private interface Argument {
        Object bind(QueueMessage message, String text, List<PendingOutput> outputs);
    }

    /** What a {@code @QueueOutput} parameter holds after the function returned. */
    record PendingOutput(String queue, OutputBinding<?> binding) {

        /** The messages to send: none for null, one for a String, each element of a list. */
        List<String> messages() {
            Object value = binding.getValue();
            if (value instanceof List<?> list) {
                return list.stream().filter(Objects::nonNull).map(Object::toString).toList();
            }
            return value == null ? List.of() : List.of(value.toString());
        }
    }

    private final String name;
    private final Method method;
    private final String declaredQueueName;
    private final String queueName;
    private final List<Argument> arguments;

    private QueueFunction(String name, Method method, String declaredQueueName, String queueName,
                          List<Argument> arguments) {
        this.name = name;
        this.method = method;
        this.declaredQueueName = declaredQueueName;
        this.queueName = queueName;
        this.arguments = arguments;
    }

    /**
     * Reads a {@code @FunctionName} method with a {@code @QueueTrigger} parameter.
     *
     * @throws IllegalStateException naming the function (and the parameter) when the method is not such
     *                               a function, a parameter cannot be bound, a queue name is invalid or a
     *                               {@code %Setting%} is missing
     */
    static QueueFunction of(Method method, Function<String, Optional<String>> settings) {
        FunctionName functionName = method.getAnnotation(FunctionName.class);
        if (functionName == null) {
            throw new IllegalStateException(method + " has no @FunctionName");
        }
        String name = functionName.value();
        String declaredQueueName = null;
        String queueName = null;
        List<Argument> arguments = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            QueueTrigger trigger = parameter.getAnnotation(QueueTrigger.class);
            QueueOutput output = parameter.getAnnotation(QueueOutput.class);
            BindingName bindingName = parameter.getAnnotation(BindingName.class);
            if (trigger != null) {
                declaredQueueName = trigger.queueName();
                queueName = queueName(name, declaredQueueName, settings);
                arguments.add(triggerValue(name, parameter));
            } else if (output != null) {
                arguments.add(output(name, parameter, queueName(name, output.queueName(), settings)));
            } else if (bindingName != null) {
                arguments.add(bindingData(name, parameter, bindingName.value()));
            } else if (parameter.getType() == ExecutionContext.class) {
                arguments.add((message, text, outputs) -> new LocalExecutionContext(name));
            } else {
                throw unsupported(name, parameter, "a queue function takes the @QueueTrigger String or byte[],"
                        + " @BindingName metadata, @QueueOutput OutputBinding and ExecutionContext only");
            }
        }
        if (queueName == null) {
            throw new IllegalStateException("function '" + name + "' has no @QueueTrigger parameter");
        }
        return new QueueFunction(name, method, declaredQueueName, queueName, List.copyOf(arguments));
    }

    String name() {
        return name;
    }

    String queueName() {
        return queueName;
    }

    /** The queue as the start-up listing shows it, with the setting it came from. */
    String describe() {
        String from = declaredQueueName.equals(queueName) ? "" : " (from " + declaredQueueName + ")";
        return name + ": queue '" + queueName + "'" + from;
    }

    /**
     * Runs the function for one message whose text is {@code text}.
     *
     * @return the output bindings as the function left them, to be sent by the caller on success
     * @throws Throwable what the function (or making its instance) threw
     */
    List<PendingOutput> invoke(FunctionFactory factory, QueueMessage message, String text) throws Throwable {
        Object instance = Modifier.isStatic(method.getModifiers())
                ? null : factory.newInstance(method.getDeclaringClass());
        List<PendingOutput> outputs = new ArrayList<>();
        Object[] values = new Object[arguments.size()];
        for (int index = 0; index < values.length; index++) {
            values[index] = arguments.get(index).bind(message, text, outputs);
        }
        try {
            method.invoke(instance, values);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
        return outputs;
    }

    private static String queueName(String functionName, String declared, Function<String, Optional<String>> settings) {
        String resolved = BindingExpressions.resolve(declared, functionName, settings);
        if (!QUEUE_NAME.matcher(resolved).matches()) {
            throw new IllegalStateException("function '" + functionName + "': '" + resolved + "' is not a valid"
                    + " queue name (3 to 56 lowercase letters, digits and single hyphens, so that '-poison' fits)");
        }
        return resolved;
    }

    private static Argument triggerValue(String functionName, Parameter parameter) {
        if (parameter.getType() == String.class) {
            return (message, text, outputs) -> text;
        }
        if (parameter.getType() == byte[].class) {
            return (message, text, outputs) -> text.getBytes(StandardCharsets.UTF_8);
        }
        throw unsupported(functionName, parameter, "the @QueueTrigger parameter must be String or byte[]");
    }

    private static Argument output(String functionName, Parameter parameter, String queue) {
        Type type = parameter.getParameterizedType();
        boolean bindable = type instanceof ParameterizedType binding && binding.getRawType() == OutputBinding.class
                && isStringOrListOfStrings(binding.getActualTypeArguments()[0]);
        if (!bindable) {
            throw unsupported(functionName, parameter,
                    "a @QueueOutput parameter must be OutputBinding<String> or OutputBinding<List<String>>");
        }
        return (message, text, outputs) -> {
            QueueOutputBinding<Object> binding = new QueueOutputBinding<>();
            outputs.add(new PendingOutput(queue, binding));
            return binding;
        };
    }

    private static boolean isStringOrListOfStrings(Type type) {
        return type == String.class || type instanceof ParameterizedType list && list.getRawType() == List.class
                && list.getActualTypeArguments()[0] == String.class;
    }

    /** The trigger metadata the Functions host offers as binding data; names are case-insensitive. */
    private static Argument bindingData(String functionName, Parameter parameter, String bindingName) {
        Class<?> type = parameter.getType();
        switch (bindingName.toLowerCase(Locale.ROOT)) {
            case "dequeuecount" -> {
                if (type == long.class || type == Long.class) {
                    return (message, text, outputs) -> message.dequeueCount();
                }
                if (type == int.class || type == Integer.class) {
                    return (message, text, outputs) -> Math.toIntExact(message.dequeueCount());
                }
                if (type == String.class) {
                    return (message, text, outputs) -> Long.toString(message.dequeueCount());
                }
            }
            case "id" -> {
                if (type == String.class) {
                    return (message, text, outputs) -> message.id();
                }
            }
            case "popreceipt" -> {
                if (type == String.class) {
                    return (message, text, outputs) -> message.popReceipt();
                }
            }
            case "insertiontime" -> {
                Argument time = instant(type, QueueMessage::insertedAt);
                if (time != null) {
                    return time;
                }
            }
            case "nextvisibletime" -> {
                Argument time = instant(type, QueueMessage::visibleAgainAt);
                if (time != null) {
                    return time;
                }
            }
            default -> throw unsupported(functionName, parameter, "@BindingName(\"" + bindingName + "\") is not"
                    + " queue trigger metadata (DequeueCount, Id, InsertionTime, NextVisibleTime, PopReceipt)");
        }
        throw unsupported(functionName, parameter, "@BindingName(\"" + bindingName + "\") cannot be bound to "
                + type.getSimpleName());
    }

    /** A timestamp as String (ISO-8601), Instant or OffsetDateTime (UTC); null for other types. */
    private static Argument instant(Class<?> type, Function<QueueMessage, Instant> time) {
        if (type == Instant.class) {
            return (message, text, outputs) -> time.apply(message);
        }
        if (type == OffsetDateTime.class) {
            return (message, text, outputs) -> time.apply(message).atOffset(ZoneOffset.UTC);
        }
        if (type == String.class) {
            return (message, text, outputs) -> time.apply(message).toString();
        }
        return null;
    }

    private static IllegalStateException unsupported(String functionName, Parameter parameter, String rule) {
        return new IllegalStateException("function '" + functionName + "': parameter '" + parameter.getName() + "' ("
                + parameter.getParameterizedType().getTypeName() + ") cannot be bound; " + rule);
    }
}
