package com.cardscry.portal.application;

import com.cardscry.portal.application.port.ComponentHealth;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link CheckHealth}: the running version and each component's state.
 *
 * @param up true when every component is up
 */
public record HealthReport(String version, boolean up, List<ComponentHealth> components) {

    public HealthReport {
        Objects.requireNonNull(version, "version");
        components = List.copyOf(components);
    }
}
