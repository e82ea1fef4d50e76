package com.cardscry.portal.application.port;

import java.util.Objects;

/**
 * What a component (store, queue, secrets) reports about itself.
 *
 * @param component      stable name: {@code store}, {@code queue}, {@code secrets}, ...
 * @param implementation which adapter is active, for example {@code embedded} or {@code cosmos}
 * @param up             whether it answered
 * @param detail         a short operator-facing reason; never secrets or personal data
 */
public record ComponentHealth(String component, String implementation, boolean up, String detail) {

    public ComponentHealth {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(detail, "detail");
    }

    public static ComponentHealth up(String component, String implementation) {
        return new ComponentHealth(component, implementation, true, "ok");
    }

    public static ComponentHealth down(String component, String implementation, String detail) {
        return new ComponentHealth(component, implementation, false, detail);
    }
}
