/**
 * Plans (issue 5): what developers can subscribe to, from the catalogue the composition root loads once.
 *
 * <p>Promise: the catalogue is fixed for the life of the process and holds no personal data, so
 * listing it needs no caller and may be cached by anyone.
 */
package com.cardscry.portal.application.plans;
