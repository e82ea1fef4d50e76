package com.cardscry.portal.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.infra.BicepFiles.Parsed;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every Bicep file under {@code infra/} parses with the tree-sitter-bicep 1.1.0 grammar (there is no Bicep
 * CLI here, so this is the syntax check), and names each resource type with a pinned API version.
 */
class BicepSyntaxIT {

    private static final Pattern PINNED_TYPE = Pattern.compile("[A-Za-z]+\\.[A-Za-z]+(/[A-Za-z]+)+@\\d{4}-\\d{2}-\\d{2}(-preview)?");

    @Test
    void every_bicep_file_in_infra_parses_without_error_or_missing_nodes() {
        List<Path> files = BicepFiles.allInInfra();
        assertTrue(files.stream().anyMatch(file -> file.endsWith(Path.of("infra", "main.bicep"))), "no infra/main.bicep");

        String errors = BicepFiles.parse(files).stream().map(Parsed::describeErrors).collect(Collectors.joining());

        assertEquals("", errors, "Bicep syntax errors (file:line:column):\n" + errors);
    }

    @Test
    void every_resource_names_its_type_with_a_pinned_api_version() {
        String unpinned = BicepFiles.parse(BicepFiles.allInInfra()).stream()
                .flatMap(parsed -> parsed.all("resource").stream()
                        .filter(resource -> !resource.type().map(type -> PINNED_TYPE.matcher(type).matches()).orElse(false))
                        .map(resource -> parsed.file() + ":" + resource.line() + " " + resource.name() + " " + resource.type()))
                .collect(Collectors.joining("\n"));

        assertEquals("", unpinned);
    }

    /** The parser helper itself: a test that never sees an error would prove nothing. */
    @Nested
    class TheParser {

        @Test
        void reports_a_broken_line_with_its_number() {
            Parsed parsed = BicepFiles.parseText("""
                    param name string

                    resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
                      name: name
                      properties: {
                        allowSharedKeyAccess: false,,
                      }
                    }
                    """);

            assertFalse(parsed.errors().isEmpty(), "no error reported for a broken file");
            assertEquals(6, parsed.errors().get(0).line(), parsed.describeErrors());
            assertTrue(parsed.describeErrors().contains(":6:"), parsed.describeErrors());
        }

        @Test
        void reports_an_unclosed_object() {
            Parsed parsed = BicepFiles.parseText("""
                    var settings = {
                      PORTAL_ENVIRONMENT: 'azure'
                    """);

            assertFalse(parsed.errors().isEmpty(), "no error reported for an unclosed object");
        }

        @Test
        void renders_literals_as_json_and_expressions_as_their_text() {
            Parsed parsed = BicepFiles.parseText("""
                    param prefix string = 'st'
                    var containers = [
                      {
                        name: 'audit'
                        defaultTtl: -1
                        escaped: 'it\\'s'
                        computed: '${prefix}x'
                      }
                    ]
                    """);

            assertEquals("", parsed.describeErrors());
            assertEquals("st", parsed.declaration("param", "prefix").value().asText());
            var container = parsed.declaration("var", "containers").value().get(0);
            assertEquals("audit", container.get("name").asText());
            assertEquals(-1, container.get("defaultTtl").asInt());
            assertEquals("it's", container.get("escaped").asText());
            assertEquals("'${prefix}x'", container.get("computed").get("$expr").asText());
        }
    }
}
