package com.cardscry.portal.application.port;

/**
 * A backing service (store, queue, secret source) could not do what was asked, after whatever
 * retries its adapter makes. Callers do not handle it case by case: an HTTP function answers 503,
 * a queue function lets the message be redelivered.
 */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
