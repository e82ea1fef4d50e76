/**
 * Enforcing the retention schedule where a document's own ttl cannot: the purge timer's use case
 * ({@code PurgeExpiredData}) and the administrators' view of its reports ({@code ListRetentionRuns}).
 *
 * <p>Promises: a purge run removes only what is older than its category's period in the schedule; it
 * is bounded in items and time and resumes where the previous run stopped; running it twice, or two
 * runs at once, removes nothing twice and misses nothing. It reads per-day index partitions written
 * when the data was created, never a cross-partition query. Its reports count removals per category
 * and name no account, person or file.
 */
package com.cardscry.portal.application.retention;
