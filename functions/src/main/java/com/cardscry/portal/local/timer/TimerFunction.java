package com.cardscry.portal.local.timer;

import com.cardscry.portal.local.BindingExpressions;
import com.cardscry.portal.local.FunctionFactory;
import com.cardscry.portal.local.LocalExecutionContext;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Optional;
import java.util.function.Function;

/** One timer function: its resolved schedule and how its parameters are bound. Immutable. */
final class TimerFunction {

    private final String name;
    private final Method method;
    private final String declaredSchedule;
    private final NcrontabSchedule schedule;
    private final boolean[] isTimerParameter;

    private TimerFunction(String name, Method method, String declaredSchedule, NcrontabSchedule schedule,
                          boolean[] isTimerParameter) {
        this.name = name;
        this.method = method;
        this.declaredSchedule = declaredSchedule;
        this.schedule = schedule;
        this.isTimerParameter = isTimerParameter;
    }

    /**
     * Reads a {@code @FunctionName} method with a {@code @TimerTrigger String} parameter.
     *
     * @throws IllegalStateException    naming the function when the method is not such a function, a
     *                                  parameter cannot be bound, or a {@code %Setting%} is missing
     * @throws IllegalArgumentException naming the function when the schedule is not NCRONTAB
     */
    static TimerFunction of(Method method, Function<String, Optional<String>> settings) {
        FunctionName functionName = method.getAnnotation(FunctionName.class);
        if (functionName == null) {
            throw new IllegalStateException(method + " has no @FunctionName");
        }
        String name = functionName.value();
        Parameter[] parameters = method.getParameters();
        boolean[] isTimerParameter = new boolean[parameters.length];
        TimerTrigger trigger = null;
        for (int index = 0; index < parameters.length; index++) {
            Parameter parameter = parameters[index];
            TimerTrigger annotation = parameter.getAnnotation(TimerTrigger.class);
            if (annotation != null && parameter.getType() == String.class) {
                trigger = annotation;
                isTimerParameter[index] = true;
            } else if (annotation != null || parameter.getType() != ExecutionContext.class) {
                throw new IllegalStateException("function '" + name + "': parameter '" + parameter.getName() + "' ("
                        + parameter.getParameterizedType().getTypeName() + ") cannot be bound; a timer function takes"
                        + " the @TimerTrigger String and ExecutionContext only");
            }
        }
        if (trigger == null) {
            throw new IllegalStateException("function '" + name + "' has no @TimerTrigger String parameter");
        }
        String resolved = BindingExpressions.resolve(trigger.schedule(), name, settings);
        return new TimerFunction(name, method, trigger.schedule(), NcrontabSchedule.parse(resolved, name),
                isTimerParameter);
    }

    String name() {
        return name;
    }

    NcrontabSchedule schedule() {
        return schedule;
    }

    /** The schedule as the start-up listing shows it, with the setting it came from. */
    String describe() {
        String from = declaredSchedule.equals(schedule.expression()) ? "" : " (from " + declaredSchedule + ")";
        return name + ": timer, schedule '" + schedule.expression() + "'" + from;
    }

    /**
     * Runs the function once with {@code timerJson}.
     *
     * @throws Throwable what the function (or making its instance) threw
     */
    void invoke(FunctionFactory factory, String timerJson) throws Throwable {
        Object instance = Modifier.isStatic(method.getModifiers())
                ? null : factory.newInstance(method.getDeclaringClass());
        Object[] arguments = new Object[isTimerParameter.length];
        for (int index = 0; index < arguments.length; index++) {
            arguments[index] = isTimerParameter[index] ? timerJson : new LocalExecutionContext(name);
        }
        try {
            method.invoke(instance, arguments);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
    }
}
