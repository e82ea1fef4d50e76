/**
 * Usage metadata: what the gateway reports about the requests it served (key, time, status), folded
 * into hourly buckets per subscription (summed into daily aggregates kept longer), and the owner's view
 * of them. Only counts, timestamps and error rates are kept, as the privacy policy promises: no
 * address, user agent or path.
 */
package com.cardscry.portal.application.usage;
