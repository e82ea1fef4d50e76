/** Ports implemented by the JVM itself: the wall {@code Clock}. */
package com.cardscry.portal.adapters.system;
