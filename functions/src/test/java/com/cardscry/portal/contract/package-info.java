/**
 * The HTTP contract, {@code openapi/portal.yaml}, held against the code: the routes the functions serve
 * and the operations the document describes are the same, the problem types of {@code docs/errors.md}
 * are those of the code, and {@link com.cardscry.portal.contract.OpenApiContract} lets any test check
 * that a response is one the document promises.
 */
package com.cardscry.portal.contract;
