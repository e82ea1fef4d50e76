/**
 * One use case per user intention (for example {@code CheckHealth}), each a small class with a single
 * public entry point, and the stable error catalogue ({@code ProblemType}).
 *
 * <p>Promise: depends only on {@code domain}, its own ports ({@code application.port}) and the JDK.
 * Expected outcomes are values; exceptions are faults. No secret or personal data is put into an
 * exception message or a log line here.
 */
package com.cardscry.portal.application;
