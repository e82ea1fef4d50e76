package com.cardscry.portal.application.retention;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /admin/retention/runs}: administrators read the latest purge reports, newest first. */
public final class ListRetentionRuns {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final RetentionRuns runs;

    public ListRetentionRuns(RetentionRuns runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    /** @param limit as sent: absent means {@value #DEFAULT_LIMIT}, otherwise 1 to {@value #MAX_LIMIT} */
    public Outcome<List<PurgeReport>> recent(Caller admin, Optional<String> limit) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        Optional<Integer> parsed = limit.isEmpty() ? Optional.of(DEFAULT_LIMIT) : parseLimit(limit.get());
        if (parsed.isEmpty()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/limit",
                    "limit is a whole number from 1 to " + MAX_LIMIT + "."));
        }
        return Outcome.done(runs.recent(parsed.get()));
    }

    private static Optional<Integer> parseLimit(String text) {
        if (!text.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        int value = Integer.parseInt(text);
        return value >= 1 && value <= MAX_LIMIT ? Optional.of(value) : Optional.empty();
    }
}
