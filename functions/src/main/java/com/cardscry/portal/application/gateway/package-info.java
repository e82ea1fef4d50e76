/**
 * What the API gateway asks of the portal on its hot path (DESIGN.md decision 2): whether a presented
 * API key may be used now, answered from an in-process cache of key-index entries (no store operation
 * on a hit, one point read on a miss), and how much of its monthly quota the key's subscription has
 * left; and, for a gateway that cannot apply a plan's rate limit itself and asks for it, a count of
 * requests per subscription in this process against that limit. An unusable key is an ordinary answer
 * with a reason code, never an error.
 */
package com.cardscry.portal.application.gateway;
