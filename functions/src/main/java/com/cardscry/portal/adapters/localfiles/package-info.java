/**
 * Files in the local data folder that hold secrets or personal data (the local secrets, the
 * development issuer's key, the notification outbox): written atomically and readable by their owner
 * only, from the moment they exist.
 *
 * <p>Promise: a reader sees a whole old file or a whole new one, never a partial one; on a POSIX file
 * system no one but the owner can read a file or folder made here at any moment.
 */
package com.cardscry.portal.adapters.localfiles;
