package com.cardscry.portal.local;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The functions of a set of function classes, found the way the Functions host finds them: every public
 * method annotated {@link FunctionName}, classified by the trigger annotation on one of its parameters.
 *
 * <p>Discovery fails (with {@link IllegalStateException} naming the function) for what the real host
 * would also refuse: a {@code @FunctionName} method with no trigger or several triggers, a trigger this
 * host does not know, and two functions with the same name (names are case-insensitive in Azure).
 */
public final class FunctionCatalog {

    /** The triggers the local host serves. */
    public enum TriggerKind { HTTP, TIMER, QUEUE }

    /**
     * One function.
     *
     * @param name             the {@code @FunctionName} value
     * @param functionClass    the class an instance is made of per invocation
     * @param method           the public method to invoke
     * @param kind             what triggers it
     * @param triggerParameter the index of the parameter carrying the trigger annotation
     */
    public record Entry(String name, Class<?> functionClass, Method method, TriggerKind kind, int triggerParameter) {

        /** The trigger annotation, for example {@code entry.trigger(TimerTrigger.class).schedule()}. */
        public <A extends Annotation> A trigger(Class<A> annotationType) {
            A annotation = method.getParameters()[triggerParameter].getAnnotation(annotationType);
            if (annotation == null) {
                throw new IllegalArgumentException(name + " is a " + kind + " function, not " + annotationType.getSimpleName());
            }
            return annotation;
        }
    }

    private static final Map<Class<? extends Annotation>, TriggerKind> TRIGGERS = Map.of(
            HttpTrigger.class, TriggerKind.HTTP,
            TimerTrigger.class, TriggerKind.TIMER,
            QueueTrigger.class, TriggerKind.QUEUE);

    private final List<Entry> entries;

    private FunctionCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Discovers the functions of {@code functionClasses}, sorted by name so that listings are stable. */
    public static FunctionCatalog of(Collection<Class<?>> functionClasses) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> byName = new HashMap<>();
        for (Class<?> functionClass : functionClasses) {
            for (Method method : functionClass.getMethods()) {
                FunctionName functionName = method.getAnnotation(FunctionName.class);
                if (functionName == null) {
                    continue;
                }
                Entry entry = classify(functionName.value(), functionClass, method);
                Entry clash = byName.putIfAbsent(entry.name().toLowerCase(Locale.ROOT), entry);
                if (clash != null) {
                    throw new IllegalStateException("function name '" + entry.name() + "' is used twice: "
                            + describe(clash.method()) + " and " + describe(method));
                }
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(Entry::name, String.CASE_INSENSITIVE_ORDER));
        return new FunctionCatalog(entries);
    }

    /**
     * This catalogue without the functions {@code isDisabled} names: what the host serves when app
     * settings disable some, as {@code AzureWebJobs.<name>.Disabled} does on the Functions host.
     */
    public FunctionCatalog without(Predicate<String> isDisabled) {
        return new FunctionCatalog(entries.stream().filter(entry -> !isDisabled.test(entry.name())).toList());
    }

    /** Whether a class declares at least one function; what the composition-root completeness check asks. */
    public static boolean declaresFunctions(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(FunctionName.class)) {
                return true;
            }
        }
        return false;
    }

    public List<Entry> all() {
        return entries;
    }

    public List<Entry> http() {
        return ofKind(TriggerKind.HTTP);
    }

    public List<Entry> timers() {
        return ofKind(TriggerKind.TIMER);
    }

    public List<Entry> queues() {
        return ofKind(TriggerKind.QUEUE);
    }

    private List<Entry> ofKind(TriggerKind kind) {
        return entries.stream().filter(entry -> entry.kind() == kind).toList();
    }

    private static Entry classify(String name, Class<?> functionClass, Method method) {
        if (name.isBlank()) {
            throw new IllegalStateException(describe(method) + " has a blank @FunctionName");
        }
        Parameter[] parameters = method.getParameters();
        Entry found = null;
        for (int index = 0; index < parameters.length; index++) {
            for (Annotation annotation : parameters[index].getAnnotations()) {
                TriggerKind kind = triggerKind(annotation, name);
                if (kind == null) {
                    continue;
                }
                if (found != null) {
                    throw new IllegalStateException("function '" + name + "' has more than one trigger");
                }
                found = new Entry(name, functionClass, method, kind, index);
            }
        }
        if (found == null) {
            throw new IllegalStateException("function '" + name + "' (" + describe(method)
                    + ") has no @HttpTrigger, @TimerTrigger or @QueueTrigger parameter");
        }
        return found;
    }

    private static TriggerKind triggerKind(Annotation annotation, String functionName) {
        Class<? extends Annotation> type = annotation.annotationType();
        TriggerKind kind = TRIGGERS.get(type);
        if (kind == null && type.getSimpleName().endsWith("Trigger")) {
            throw new IllegalStateException("function '" + functionName + "' uses @" + type.getSimpleName()
                    + ", which the local host does not serve");
        }
        return kind;
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
