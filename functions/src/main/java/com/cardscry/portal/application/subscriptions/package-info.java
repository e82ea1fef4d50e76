/**
 * Subscriptions (issue 5): an account asks for a plan, administrators review what needs approval, the
 * owner cancels. States change only through the domain's transition table
 * ({@link com.cardscry.portal.domain.SubscriptionTransition}).
 *
 * <p>Promises: at most one open subscription per account and plan, also under racing requests (the
 * plan's slot, {@link com.cardscry.portal.application.subscriptions.OpenSubscriptionSlots}); every
 * change is conditional on the version read and safe to retry (a repeated action answers the
 * subscription as it is); another account's subscription is not found; every change is audited
 * under the account's pseudonym, with no personal data.
 */
package com.cardscry.portal.application.subscriptions;
