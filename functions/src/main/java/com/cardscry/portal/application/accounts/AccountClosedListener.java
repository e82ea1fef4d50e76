package com.cardscry.portal.application.accounts;

/**
 * Told when an owner has closed their account, after the account is stored as {@code closing}: closing
 * is where erasure starts, and what carries the erasure out (a privacy deletion request) lives in a
 * package that depends on this one, so it is reached through this interface.
 *
 * <p>A close that is retried (after a crash, or simply sent twice) calls it again for the same account,
 * so an implementation must be idempotent: the second call finds what the first one did.
 */
public interface AccountClosedListener {

    /**
     * Files (or finds) the erasure of the closed account.
     *
     * @return the id of the deletion request that erases the account, for the owner to follow
     */
    String accountClosed(String accountId);
}
