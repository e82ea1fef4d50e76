package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.privacy.ErasureReceipt;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The response body of an erasure receipt, for the signed-in requester and for the privacy form; see
 * {@code ErasureReceipt} in openapi/portal.yaml.
 */
record ErasureReceiptView(String requestId, Instant completedAt, List<Line> categories) {

    static ErasureReceiptView of(ErasureReceipt receipt) {
        return new ErasureReceiptView(receipt.requestId(), receipt.completedAt(), receipt.lines().stream().map(Line::of).toList());
    }

    /**
     * The receipt of a form request whose address no account had: of every category, that nothing was
     * held, which is the whole truth of that erasure.
     */
    static ErasureReceiptView nothingHeld(ErasureReceipt receipt) {
        return new ErasureReceiptView(receipt.requestId(), receipt.completedAt(), receipt.lines().stream()
                .map(line -> new Line(line.category(), line.title(), "nothing-held", null, null, null)).toList());
    }

    record Line(String category, String title, String outcome, Instant at, String legalBasis, LocalDate heldUntil) {
        static Line of(ErasureReceipt.Line line) {
            return new Line(line.category(), line.title(), line.outcome().name().toLowerCase(Locale.ROOT), line.at().orElse(null),
                    line.legalBasis().orElse(null), line.heldUntil().orElse(null));
        }
    }
}
