package com.cardscry.portal.application;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a use case answers: its result, or the {@link Problem} that stopped it. Expected refusals (bad
 * input, not found, forbidden, rate limited) are outcomes, not exceptions; exceptions are left for
 * faults such as a store being down.
 */
public sealed interface Outcome<T> permits Outcome.Done, Outcome.Refused {

    static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Outcome<T> refused(Problem problem) {
        return new Refused<>(problem);
    }

    <R> R fold(Function<? super T, ? extends R> onDone, Function<? super Problem, ? extends R> onRefused);

    /** The next step with the result, or this refusal passed on. */
    <R> Outcome<R> then(Function<? super T, Outcome<R>> next);

    record Done<T>(T value) implements Outcome<T> {
        public Done {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public <R> R fold(Function<? super T, ? extends R> onDone, Function<? super Problem, ? extends R> onRefused) {
            return onDone.apply(value);
        }

        @Override
        public <R> Outcome<R> then(Function<? super T, Outcome<R>> next) {
            return next.apply(value);
        }
    }

    record Refused<T>(Problem problem) implements Outcome<T> {
        public Refused {
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public <R> R fold(Function<? super T, ? extends R> onDone, Function<? super Problem, ? extends R> onRefused) {
            return onRefused.apply(problem);
        }

        @Override
        public <R> Outcome<R> then(Function<? super T, Outcome<R>> next) {
            return new Refused<>(problem);
        }
    }
}
