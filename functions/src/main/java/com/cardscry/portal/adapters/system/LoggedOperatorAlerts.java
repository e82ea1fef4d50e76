package com.cardscry.portal.adapters.system;

import com.cardscry.portal.application.port.OperatorAlerts;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Alerts as one warning line each, {@code operator-alert kind=<KIND> id=<object id>}, from the logger
 * {@value #LOGGER}: in Azure the Functions host sends it to Application Insights, where an alert rule on
 * that logger and text notifies the operators (docs/operations.md); locally it is in the console.
 */
public final class LoggedOperatorAlerts implements OperatorAlerts {

    public static final String LOGGER = "com.cardscry.portal.alerts";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Override
    public void raise(Kind kind, String objectId) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(objectId, "objectId");
        LOG.warning("operator-alert kind=" + kind.name() + " id=" + objectId);
    }
}
