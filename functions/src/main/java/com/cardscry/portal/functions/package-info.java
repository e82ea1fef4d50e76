/**
 * The Azure Functions: {@code @FunctionName} methods grouped by trigger ({@code http}, {@code timer},
 * {@code queue}). Each parses its input, calls one use case, and maps the result.
 *
 * <p>Promise: function classes keep no mutable state; they get their use cases through the
 * constructor (see {@code config.PortalFunctionInstanceInjector}); they depend on {@code application},
 * {@code domain}, the Functions library and Jackson only; bad input becomes a 4xx problem document.
 */
package com.cardscry.portal.functions;
