package com.cardscry.portal.local.timer;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronField;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A six-field NCRONTAB schedule as the Azure Functions timer trigger accepts it:
 * {@code second minute hour day-of-month month day-of-week}, each field {@code *}, a value, a list
 * ({@code 1,15}), a range ({@code 9-17}) or a step ({@code *}{@code /5}, {@code 1-10/2}); months and
 * days may be named ({@code Jan}, {@code Mon}, any case); day-of-week runs 0 to 6 with 0 = Sunday.
 * As in NCrontab, a restricted day-of-month and a restricted day-of-week must both match
 * ({@code 0 0 0 13 * Fri} is Friday the 13th), unlike the Unix cron "either" rule.
 *
 * <p>Occurrences are computed in UTC, the Functions host's zone when {@code WEBSITE_TIME_ZONE} is unset.
 * Parsing is cron-utils with a definition of exactly these fields: the Quartz extras it could offer
 * ({@code ?}, {@code L}, {@code W}, {@code #}) are not enabled, because the Functions host rejects them.
 * Instances are immutable and thread-safe.
 */
public final class NcrontabSchedule {

    private static final CronDefinition NCRONTAB = CronDefinitionBuilder.defineCron()
            .withSeconds().and()
            .withMinutes().and()
            .withHours().and()
            .withDayOfMonth().and()
            .withMonth().and()
            .withDayOfWeek().withValidRange(0, 6).withMondayDoWValue(1).and()
            .matchDayOfWeekAndDayOfMonth()
            .instance();

    private static final CronParser PARSER = new CronParser(NCRONTAB);

    private final String expression;
    private final ExecutionTime executionTime;

    private NcrontabSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * Parses a schedule that has had its {@code %Setting%} references resolved.
     *
     * @param functionName named in the error
     * @throws IllegalArgumentException naming the function and the expression when it is not a
     *                                  six-field NCRONTAB expression
     */
    public static NcrontabSchedule parse(String expression, String functionName) {
        Objects.requireNonNull(expression, "expression");
        String trimmed = expression.strip();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        if (fields != 6) {
            throw invalid(functionName, expression, "it has " + fields
                    + " fields, a timer schedule has six: second minute hour day-of-month month day-of-week");
        }
        Cron cron;
        try {
            cron = PARSER.parse(trimmed);
        } catch (IllegalArgumentException notNcrontab) {
            throw invalid(functionName, expression, notNcrontab.getMessage());
        }
        for (CronField field : cron.retrieveFieldsAsMap().values()) {
            if (hasDescendingRange(field.getExpression())) {
                throw invalid(functionName, expression, "the " + field.getField() + " range runs backwards");
            }
        }
        NcrontabSchedule schedule = new NcrontabSchedule(trimmed, cron);
        if (schedule.executionTime.nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
            throw invalid(functionName, expression, "no date matches it");
        }
        return schedule;
    }

    /** The first occurrence strictly after {@code instant}. */
    public Instant nextAfter(Instant instant) {
        return executionTime.nextExecution(instant.atZone(ZoneOffset.UTC))
                .orElseThrow(() -> new IllegalStateException("schedule '" + expression + "' has no occurrence after "
                        + instant))
                .toInstant();
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    /**
     * cron-utils reads {@code 5-1} as a range that wraps around; NCrontab has no such range, so a
     * schedule that means something else on the real host is refused here.
     */
    private static boolean hasDescendingRange(FieldExpression expression) {
        if (expression instanceof And and) {
            return and.getExpressions().stream().anyMatch(NcrontabSchedule::hasDescendingRange);
        }
        if (expression instanceof Every every) {
            return hasDescendingRange(every.getExpression());
        }
        return expression instanceof Between between
                && between.getFrom().getValue() instanceof Integer from
                && between.getTo().getValue() instanceof Integer to
                && from > to;
    }

    private static IllegalArgumentException invalid(String functionName, String expression, String reason) {
        return new IllegalArgumentException("function '" + functionName + "' has an invalid timer schedule '"
                + expression + "': " + reason);
    }
}
