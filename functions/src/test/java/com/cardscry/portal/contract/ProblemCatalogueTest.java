package com.cardscry.portal.contract;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.functions.http.JsonResponses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/errors.md and {@link ProblemType} describe the same catalogue, and every type fits the Problem schema. */
class ProblemCatalogueTest {

    static final Path CATALOGUE = Path.of("docs", "errors.md");

    private static final Pattern SECTION = Pattern.compile("(?m)^### (\\S+)\\s*$");
    private static final Pattern URI_LINE = Pattern.compile("(?m)^- \\*\\*URI:\\*\\* `([^`]+)`\\s*$");
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^- \\*\\*Status:\\*\\* (\\d{3})\\s*$");
    private static final Pattern TITLE_LINE = Pattern.compile("(?m)^- \\*\\*Title:\\*\\* (.+?)\\s*$");
    private static final Pattern ANY_TYPE_URI = Pattern.compile(Pattern.quote(ProblemType.BASE_URI) + "[A-Za-z0-9._~-]*");

    private static String text;
    private static Map<String, Documented> sections;

    /** What one section of the catalogue says about its type. */
    record Documented(String uri, Integer status, String title) {
    }

    @BeforeAll
    static void readCatalogue() throws IOException {
        text = Files.readString(CATALOGUE);
        sections = sectionsOf(text);
    }

    @Test
    void every_problem_type_is_documented_with_its_uri_status_and_title() {
        assertAll(Arrays.stream(ProblemType.values()).map(type -> () -> {
            Documented documented = sections.get(type.slug());
            assertNotNull(documented, "docs/errors.md has no section '### " + type.slug() + "'");
            assertEquals(new Documented(type.uri(), type.status(), type.title()), documented,
                    "docs/errors.md, section " + type.slug());
        }));
    }

    @Test
    void the_catalogue_documents_no_type_that_does_not_exist() {
        Set<String> known = Arrays.stream(ProblemType.values()).map(ProblemType::slug).collect(Collectors.toCollection(TreeSet::new));
        Set<String> knownUris = Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toSet());

        assertEquals(known, new TreeSet<>(sections.keySet()), "sections of docs/errors.md");
        Set<String> unknownUris = ANY_TYPE_URI.matcher(text).results().map(match -> match.group())
                .filter(uri -> !knownUris.contains(uri))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), unknownUris, "type URIs mentioned in docs/errors.md");
    }

    @Test
    void every_problem_type_makes_a_document_the_openapi_problem_schema_accepts() {
        OpenApiContract contract = OpenApiContract.load();

        assertAll(Arrays.stream(ProblemType.values()).map(type -> () -> contract.assertConformsToSchema("Problem",
                JsonResponses.write(JsonResponses.problemDocument(Problem.ofField(type, "/field", "What went wrong."))))));
    }

    /** The problem-type sections (those after the "## Problem types" heading), by heading. */
    private static Map<String, Documented> sectionsOf(String markdown) {
        String catalogue = markdown.substring(markdown.indexOf("## Problem types"));
        Map<String, Documented> found = new LinkedHashMap<>();
        Matcher heading = SECTION.matcher(catalogue);
        int start = heading.find() ? heading.start() : catalogue.length();
        while (start < catalogue.length()) {
            String slug = heading.group(1);
            int end = heading.find() ? heading.start() : catalogue.length();
            String section = catalogue.substring(start, end);
            found.put(slug, new Documented(first(URI_LINE, section),
                    first(STATUS_LINE, section) == null ? null : Integer.valueOf(first(STATUS_LINE, section)),
                    first(TITLE_LINE, section)));
            start = end;
        }
        return found;
    }

    private static String first(Pattern line, String section) {
        Matcher matcher = line.matcher(section);
        return matcher.find() ? matcher.group(1) : null;
    }
}
