package com.cardscry.portal.application.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import com.cardscry.portal.testing.Retention;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access export lists the account's daily usage aggregates (section {@code usageDaily}) next to its
 * hourly buckets, in both formats. The fixture's account has three buckets on 2026-11-29 (06:00 to
 * 08:00: 10, 11 and 12 requests, one 4xx each); the clock stands at 2026-11-29T08:00Z.
 */
class AccessExportDailyUsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FIXTURE_DAY = LocalDate.parse("2026-11-29");

    @TempDir
    Path folder;

    private PrivacyWorkerFixture fixture;
    private UsageRecords usage;

    @BeforeEach
    void open() {
        fixture = new PrivacyWorkerFixture(folder, UnaryOperator.identity());
        usage = new UsageRecords(fixture.accounts.store, Retention.STANDARD, fixture.accounts.clock);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void rollUp(String subscriptionId, LocalDate day) {
        usage.rollUp(new UsageRecords.UsageDay(fixture.accountId, subscriptionId, day));
    }

    /** Carries out an access request; its export in JSON and HTML. */
    private List<String> export() throws IOException {
        PrivacyRequestMessage message = fixture.file(PrivacyRequestType.ACCESS, Optional.empty());
        assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, fixture.carryOut.handle(message));
        List<String> both = new ArrayList<>();
        for (ExportNames.Format format : List.of(ExportNames.Format.JSON, ExportNames.Format.HTML)) {
            try (InputStream in = fixture.exports.open(ExportNames.of(message.accountId(), message.requestId(), format)).orElseThrow()) {
                both.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return both;
    }

    /** The HTML table of one section, from its heading to the end of its table. */
    private static String htmlSection(String html, String key) {
        int start = html.indexOf("<h2 id=\"" + key + "\">");
        assertTrue(start >= 0, "no section " + key);
        return html.substring(start, html.indexOf("</table>", start));
    }

    @Nested
    class AnAccountWithRolledUpDays {

        @Test
        void gets_every_daily_aggregate_with_the_fields_of_the_hourly_section_in_json() throws IOException {
            usage.create(fixture.accountId, new UsageBucket(fixture.subscriptionId, Instant.parse("2026-11-28T10:00:00Z"),
                    new UsageCounts(5, 0, 2), List.of()));
            rollUp(fixture.subscriptionId, LocalDate.parse("2026-11-28"));
            rollUp(fixture.subscriptionId, FIXTURE_DAY);

            JsonNode export = JSON.readTree(export().get(0));

            JsonNode daily = export.get("usageDaily");
            assertEquals(2, daily.size(), daily::toString);
            assertEquals(List.of("subscriptionId", "day", "requests", "clientErrors", "serverErrors"), names(daily.get(0)));
            assertDay(daily.get(0), "2026-11-28", 5, 0, 2);
            assertDay(daily.get(1), "2026-11-29", 33, 3, 0);
            List<String> hourlyNames = names(export.get("usage").get(0));
            assertEquals(hourlyNames.stream().map(name -> name.equals("hour") ? "day" : name).toList(), names(daily.get(0)),
                    "named as the hourly buckets are, with its day for the hour");
        }

        @Test
        void gets_a_table_row_per_daily_aggregate_in_html_with_every_value_escaped() throws IOException {
            String markup = "sub-<b>&";
            usage.create(fixture.accountId, new UsageBucket(markup, Instant.parse("2026-11-28T10:00:00Z"), new UsageCounts(5, 0, 2),
                    List.of()));
            rollUp(markup, LocalDate.parse("2026-11-28"));
            rollUp(fixture.subscriptionId, FIXTURE_DAY);

            String section = htmlSection(export().get(1), "usageDaily");

            assertTrue(section.contains("<th>subscriptionId</th><th>day</th><th>requests</th><th>clientErrors</th><th>serverErrors</th>"),
                    section);
            assertTrue(section.contains("<td>" + fixture.subscriptionId + "</td><td>2026-11-29</td><td>33</td><td>3</td><td>0</td>"),
                    section);
            assertTrue(section.contains("<td>sub-&lt;b&gt;&amp;</td><td>2026-11-28</td><td>5</td><td>0</td><td>2</td>"), section);
            assertFalse(section.contains("<b>"), "markup in a value shows as text");
        }
    }

    @Nested
    class AnAccountWithoutRolledUpDays {

        @Test
        void gets_an_empty_daily_section_in_both_formats_and_its_hourly_buckets_as_before() throws IOException {
            List<String> both = export();

            JsonNode json = JSON.readTree(both.get(0));
            assertTrue(json.get("usageDaily").isArray());
            assertEquals(0, json.get("usageDaily").size());
            assertEquals(3, json.get("usage").size());
            assertTrue(htmlSection(both.get(1), "usageDaily").contains("<tr><td>None.</td></tr>"));
        }
    }

    @Test
    void says_why_and_how_long_daily_usage_is_kept() throws IOException {
        RetentionSchedule.Entry daily = Retention.STANDARD.entry(RetentionCategory.USAGE_DAILY);

        List<String> both = export();

        JsonNode processing = JSON.readTree(both.get(0)).get("processing");
        JsonNode quoted = null;
        for (JsonNode category : processing) {
            if (category.get("category").asText().equals(daily.title())) {
                quoted = category;
            }
        }
        assertTrue(quoted != null, processing::toString);
        assertEquals(daily.keep().inWords(), quoted.get("retention").asText());
        assertEquals(daily.purpose(), quoted.get("purpose").asText());
        assertTrue(htmlSection(both.get(1), "processing").contains(HtmlExportSink.escape(daily.title())));
    }

    private static List<String> names(JsonNode item) {
        List<String> names = new ArrayList<>();
        item.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertDay(JsonNode item, String day, long requests, long clientErrors, long serverErrors) {
        assertEquals(day, item.get("day").asText());
        assertEquals(requests, item.get("requests").asLong());
        assertEquals(clientErrors, item.get("clientErrors").asLong());
        assertEquals(serverErrors, item.get("serverErrors").asLong());
    }
}
