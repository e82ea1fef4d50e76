/**
 * The plan catalogue as declared in JSON: the built-in {@code plans.json} resource, or a file that
 * replaces it ({@code PORTAL_PLANS_FILE}).
 *
 * <p>Promise: reading is strict. A catalogue with an unknown, missing, repeated or mistyped field, an
 * invalid value, a repeated plan id or no plan at all is refused whole with an
 * {@link com.cardscry.portal.adapters.catalogue.InvalidPlanCatalogueException} naming the file, the
 * plan and the field, so that a mistake stops start-up instead of changing what developers are offered.
 */
package com.cardscry.portal.adapters.catalogue;
