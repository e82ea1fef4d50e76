/**
 * Timer triggers of the local host: six-field NCRONTAB schedules (with {@code %Setting%} references),
 * computed in UTC, fired one run at a time per function, with the Functions host's timer JSON and its
 * past-due rule; the schedule status survives a restart in a small file in the data folder.
 *
 * <p>Entry point: {@link com.cardscry.portal.local.timer.TimerScheduler}.
 */
package com.cardscry.portal.local.timer;
