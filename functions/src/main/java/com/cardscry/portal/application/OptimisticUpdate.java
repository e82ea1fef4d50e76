package com.cardscry.portal.application;

import com.cardscry.portal.application.port.WriteResult;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Changes one stored record with optimistic concurrency (DESIGN.md decision 3): a use case decides on
 * the version it read, and its write is conditional on that version's ETag. When another write came
 * first, the record is read again and the decision runs again on the new version, so a change is
 * never lost and never overwrites another; after {@value #ATTEMPTS} attempts the caller gets a 409 to
 * retry. The decision must therefore do nothing it cannot repeat: it answers, or names the write;
 * side effects belong in the write's follow-up, which runs once, after the write.
 *
 * @param <R> the record (an account, a subscription)
 * @param <V> the record as read, with its ETag
 */
public final class OptimisticUpdate<R, V> {

    /** How often a change is decided again on a newer version before the caller is asked to retry. */
    public static final int ATTEMPTS = 5;

    /** What the decision is: answer without writing, or write {@code next} and answer from what was stored. */
    public sealed interface Change<R, V, T> {

        static <R, V, T> Change<R, V, T> answer(Outcome<T> outcome) {
            return new Answer<>(outcome);
        }

        static <R, V, T> Change<R, V, T> write(R next, Function<V, Outcome<T>> afterWrite) {
            return new Write<>(next, afterWrite);
        }

        record Answer<R, V, T>(Outcome<T> outcome) implements Change<R, V, T> {
        }

        record Write<R, V, T>(R next, Function<V, Outcome<T>> afterWrite) implements Change<R, V, T> {
        }
    }

    private final BiFunction<R, V, WriteResult> replaceIfStill;
    private final Function<WriteResult, V> stored;
    private final Function<V, Optional<V>> reread;

    /**
     * @param replaceIfStill writes the new record if the stored one is still the version given
     * @param stored         the version a successful write stored
     * @param reread         the record as stored now, if it still exists
     */
    public OptimisticUpdate(BiFunction<R, V, WriteResult> replaceIfStill, Function<WriteResult, V> stored,
                            Function<V, Optional<V>> reread) {
        this.replaceIfStill = replaceIfStill;
        this.stored = stored;
        this.reread = reread;
    }

    /** Runs {@code decide} on {@code found}, and again on each newer version after a conflict. */
    public <T> Outcome<T> apply(V found, Function<V, Change<R, V, T>> decide, Problem whenGone) {
        V current = found;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Change<R, V, T> change = decide.apply(current);
            if (change instanceof Change.Answer<R, V, T> answer) {
                return answer.outcome();
            }
            Change.Write<R, V, T> write = (Change.Write<R, V, T>) change;
            WriteResult written = replaceIfStill.apply(write.next(), current);
            if (written.isWritten()) {
                return write.afterWrite().apply(stored.apply(written));
            }
            Optional<V> newer = written.status() == WriteResult.Status.CONFLICT ? reread.apply(current) : Optional.empty();
            if (newer.isEmpty()) {
                return Outcome.refused(whenGone);
            }
            current = newer.get();
        }
        return Outcome.refused(Problem.of(ProblemType.CONFLICT, "The record is changing too often right now; try again."));
    }
}
