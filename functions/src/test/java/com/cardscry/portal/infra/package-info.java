/**
 * Tests of {@code infra/} (Bicep for azd), which cannot be deployed from here: every {@code .bicep} file
 * parses with the Bicep grammar ({@link com.cardscry.portal.infra.BicepSyntaxIT}), what it provisions
 * matches what the code expects: settings, containers, queues, secrets
 * ({@link com.cardscry.portal.infra.InfraMatchesCodeIT}), and no file in it holds or fetches a key
 * ({@link com.cardscry.portal.infra.InfraHoldsNoKeysTest}). The Bicep files are read through
 * {@link com.cardscry.portal.infra.BicepFiles}, which runs {@code emulators/parse-bicep.js} on Node.js.
 */
package com.cardscry.portal.infra;
