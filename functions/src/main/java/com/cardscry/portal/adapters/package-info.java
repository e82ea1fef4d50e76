/**
 * One sub-package per technology, each implementing ports of {@code application.port}: {@code embedded}
 * (H2 MVStore store and queue), {@code localsecrets}, {@code system} (the clock); the Azure adapters
 * ({@code cosmos}, {@code keyvault}, {@code storage}, {@code entra}) follow the same contracts.
 *
 * <p>Promise: an adapter depends on the ports and the technology it adapts, never on another
 * adapter, on {@code functions} or on {@code config}; every adapter passes its port's contract suite.
 */
package com.cardscry.portal.adapters;
