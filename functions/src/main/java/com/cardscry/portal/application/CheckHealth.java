package com.cardscry.portal.application;

import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.HealthIndicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Use case: "is the portal able to serve?" Asks every component once and reports each state; the
 * portal is up only when all are. A check that throws counts as down, never as an error of this
 * use case, so the health endpoint itself keeps answering when a component is broken.
 */
public final class CheckHealth {

    private final String version;
    private final List<Named> indicators;

    /** A health indicator with the component name and adapter to report if the check itself fails. */
    public record Named(String component, String implementation, HealthIndicator indicator) {
        public Named {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(implementation, "implementation");
            Objects.requireNonNull(indicator, "indicator");
        }
    }

    public CheckHealth(String version, List<Named> indicators) {
        this.version = Objects.requireNonNull(version, "version");
        this.indicators = List.copyOf(indicators);
    }

    public HealthReport check() {
        List<ComponentHealth> states = new ArrayList<>(indicators.size());
        for (Named named : indicators) {
            states.add(checkOne(named));
        }
        boolean allUp = states.stream().allMatch(ComponentHealth::up);
        return new HealthReport(version, allUp, states);
    }

    private static ComponentHealth checkOne(Named named) {
        try {
            ComponentHealth health = named.indicator().check();
            return health != null ? health
                    : ComponentHealth.down(named.component(), named.implementation(), "no answer");
        } catch (RuntimeException failure) {
            // The exception's message may come from a driver; report only its kind.
            return ComponentHealth.down(named.component(), named.implementation(),
                    "check failed: " + failure.getClass().getSimpleName());
        }
    }
}
