package com.cardscry.portal.adapters.cosmos;

/**
 * What one kind of store operation has cost since the store opened.
 *
 * @param operations   how many ran; a retried request counts once, each page of a query once
 * @param requestUnits their total Cosmos request charge, including retried and refused attempts
 */
public record RequestCharges(long operations, double requestUnits) {

    /** The mean charge of one operation, 0 before the first. */
    public double meanRequestUnits() {
        return operations == 0 ? 0 : requestUnits / operations;
    }
}
