package com.cardscry.portal.application.privacy;

/**
 * Finishes a request whose open-index entry was written but whose request was not, because the step
 * that stores it crashed in between (a form confirmation does this: it reserves the entry, records
 * the confirmation, then stores the request). The re-enqueue timer asks before it drops such an entry.
 */
@FunctionalInterface
public interface StrandedRequests {

    /** For intake paths that store the request before anything else: nothing to finish. */
    StrandedRequests NONE = entry -> false;

    /**
     * @return whether the request is stored now (the entry then stays; the timer queues it next run)
     */
    boolean finish(PrivacyRequestRecords.OpenEntry entry);
}
