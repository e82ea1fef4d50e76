package com.cardscry.portal.application.plans;

import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.PlanCatalogue;
import java.util.List;
import java.util.Objects;

/** {@code GET /plans}: every plan on offer, in catalogue order; for anyone, signed in or not. */
public final class ListPlans {

    private final PlanCatalogue catalogue;

    public ListPlans(PlanCatalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    public List<Plan> handle() {
        return catalogue.plans();
    }
}
