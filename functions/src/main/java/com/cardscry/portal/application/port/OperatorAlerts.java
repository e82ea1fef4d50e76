package com.cardscry.portal.application.port;

/**
 * Tells the operators something needs a person: a privacy request is overdue, or failed for good.
 * An alert names what happened and the id of the object concerned, never personal data; the adapter
 * decides how it reaches people (in Azure, a log line that an Application Insights alert rule matches).
 */
public interface OperatorAlerts {

    /** What an alert is about. The constants' names are what alert rules match: never renamed. */
    enum Kind {
        /** An open privacy request is past its due date. */
        PRIVACY_REQUEST_OVERDUE,
        /** A privacy request's message failed five deliveries; the request is marked failed. */
        PRIVACY_REQUEST_FAILED
    }

    /** Raises one alert; repeating it for the same object is harmless (rules de-duplicate by id). */
    void raise(Kind kind, String objectId);
}
