/**
 * Subscriptions (issue 5): an account asks for a plan, administrators review what needs approval, the
 * owner cancels, and a subscription with an end date is reminded of and expired by the expiry timer
 * ({@link com.cardscry.portal.application.subscriptions.ExpireSubscriptions}, reading the
 * {@link com.cardscry.portal.application.subscriptions.SubscriptionSchedule} by day). States change only
 * through the domain's transition table
 * ({@link com.cardscry.portal.domain.SubscriptionTransition}).
 *
 * <p>Promises: at most one open subscription per account and plan, also under racing requests (the
 * plan's slot, {@link com.cardscry.portal.application.subscriptions.OpenSubscriptionSlots}); every
 * change is conditional on the version read and safe to retry (a repeated action answers the
 * subscription as it is); another account's subscription is not found; every change is audited
 * under the account's pseudonym, with no personal data; each expiry reminder reaches the owner once (at
 * least once to the notifier, under one idempotency key), and one passed over by a more urgent one is
 * never sent.
 */
package com.cardscry.portal.application.subscriptions;
