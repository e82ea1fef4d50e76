package com.cardscry.portal.application.port;

import java.util.List;
import java.util.Optional;

/**
 * The app's own named, versioned secrets (the API-key pepper, signing keys). A name has one current
 * version and may keep older ones, so that material made under an old version (a key hash, a
 * signature) can still be checked after a rotation.
 *
 * <p>Reads are served from memory: implementations load at start and refresh in the background, so
 * callers may use this port on a request path. Thread-safe.
 */
public interface SecretSource {

    /**
     * The current version of a secret.
     *
     * @throws IllegalArgumentException if the source has no secret of that name
     */
    Secret current(String name);

    /** A specific version of a secret, if the source knows it. */
    Optional<Secret> version(String name, String version);

    /**
     * Every version of a secret the source would serve now, newest (the current one) first; empty for
     * an unknown name. For checking material whose version is not known, such as a presented API key,
     * which may have been hashed under any pepper version still kept.
     */
    List<Secret> versions(String name);
}
