package com.cardscry.portal.testing;

import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Duration;

/** The retention schedule as shipped, with the default session limits: what tests wire use cases with. */
public final class Retention {

    public static final RetentionSchedule STANDARD = RetentionSchedule.standard(Duration.ofMinutes(30), Duration.ofHours(12));

    private Retention() {
    }
}
