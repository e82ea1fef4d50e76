package com.cardscry.portal.application.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.testing.Retention;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErasureReceiptTest {

    @Test
    void every_category_an_erasure_deletes_is_dated_by_a_step_and_no_other_is() {
        Set<RetentionCategory> deleted = Arrays.stream(RetentionCategory.values())
                .filter(category -> Retention.STANDARD.entry(category).onErasure() == RetentionSchedule.OnErasure.DELETED)
                .collect(Collectors.toSet());
        assertEquals(deleted, ErasureReceipt.DELETED_BY.keySet());
    }
}
