package com.cardscry.portal.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The plans on offer, in the order the portal lists them: at least one, no two with the same id.
 *
 * @param plans the plans, in display order
 */
public record PlanCatalogue(List<Plan> plans) {

    /** @throws IllegalArgumentException when there is no plan or an id is used twice */
    public PlanCatalogue {
        plans = List.copyOf(Objects.requireNonNull(plans, "plans"));
        if (plans.isEmpty()) {
            throw new IllegalArgumentException("a plan catalogue needs at least one plan");
        }
        Set<String> ids = new HashSet<>();
        for (Plan plan : plans) {
            if (!ids.add(plan.id())) {
                throw new IllegalArgumentException("plan id '" + plan.id() + "' is used more than once");
            }
        }
    }

    /** The plan with this id; empty for any other text, including ids that are not slugs at all. */
    public Optional<Plan> find(String id) {
        return plans.stream().filter(plan -> plan.id().equals(id)).findFirst();
    }
}
