package com.cardscry.portal.application.port;

/**
 * A component that can say whether it works. Checks are cheap (a ping, not a scan), never throw,
 * and answer within a couple of seconds.
 */
public interface HealthIndicator {

    ComponentHealth check();
}
