package com.cardscry.portal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogue in {@link PortalSettings} is the one truth about settings; the sample file people copy
 * and the README's configuration table must say the same.
 */
class SettingsDocumentationTest {

    private static final Path SAMPLE = Path.of("local.settings.sample.json");
    private static final Path README = Path.of("README.md");

    @Test
    void the_sample_file_lists_every_setting_and_nothing_else() throws IOException {
        JsonNode values = new ObjectMapper().readTree(SAMPLE.toFile()).path("Values");
        Set<String> inSample = new TreeSet<>();
        values.fieldNames().forEachRemaining(inSample::add);

        Set<String> expected = new TreeSet<>(PortalSettings.HOST_SETTINGS);
        PortalSettings.ALL.forEach(setting -> expected.add(setting.name()));
        assertEquals(expected, inSample);
    }

    @Test
    void the_sample_file_gives_each_setting_its_default_or_a_valid_local_value() throws IOException {
        JsonNode values = new ObjectMapper().readTree(SAMPLE.toFile()).path("Values");
        Settings sample = Settings.of(PortalSettings.ALL.stream().collect(Collectors.toMap(
                Setting::name, setting -> values.path(setting.name()).asText())));
        sample.validate(PortalSettings.ALL);
        for (Setting<?> setting : PortalSettings.ALL) {
            setting.defaultValue().ifPresent(defaultValue ->
                    assertEquals(defaultValue, values.path(setting.name()).asText(), "sample value of " + setting.name()));
        }
    }

    @Test
    void the_readme_configuration_table_documents_every_setting_with_its_default() throws IOException {
        String readme = Files.readString(README);
        assertTrue(readme.contains("## Configuration"), "README has no configuration section");
        String section = readme.substring(readme.indexOf("## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 1) < 0 ? section.length() : section.indexOf("\n## ", 1));
        Pattern row = Pattern.compile("^\\| `([A-Za-z_]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
        Matcher matcher = row.matcher(section);
        Set<String> documented = new TreeSet<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            documented.add(name);
            PortalSettings.ALL.stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(setting -> {
                String defaultCell = matcher.group(2).strip();
                String expected = setting.defaultValue().map(d -> d.isEmpty() ? "(none)" : "`" + d + "`").orElse("required");
                assertEquals(expected, defaultCell, "README default of " + name);
            });
        }
        Set<String> expected = new TreeSet<>(PortalSettings.HOST_SETTINGS);
        PortalSettings.ALL.forEach(setting -> expected.add(setting.name()));
        assertEquals(expected, documented);
    }
}
