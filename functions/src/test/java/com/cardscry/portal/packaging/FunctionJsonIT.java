package com.cardscry.portal.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Portal;
import com.cardscry.portal.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads what {@code mvn package} generated under {@code target/azure-functions/<app>/} and checks it
 * against the annotations in the code, function by function: this is what the Functions host in
 * Azure will run, so a binding that the plugin dropped or changed would otherwise show only there.
 */
class FunctionJsonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path stagingDirectory;
    private static Map<String, Method> functionsByName;

    @BeforeAll
    static void locateStagingDirectory(@TempDir Path dataDir) {
        stagingDirectory = Path.of(System.getProperty("functions.stagingDirectory", "target/azure-functions/cardscry-portal"));
        assertTrue(Files.isDirectory(stagingDirectory), "mvn package did not produce " + stagingDirectory);
        try (Portal portal = Portal.build(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local",
                "PORTAL_DATA_DIR", dataDir.toString())))) {
            functionsByName = new TreeMap<>();
            for (Class<?> functionClass : portal.functionClasses()) {
                for (Method method : functionClass.getMethods()) {
                    FunctionName name = method.getAnnotation(FunctionName.class);
                    if (name != null) {
                        functionsByName.put(name.value(), method);
                    }
                }
            }
        }
        assertFalse(functionsByName.isEmpty(), "the composition root lists no functions");
    }

    @Test
    void every_function_has_exactly_one_function_json_and_nothing_else_is_staged() throws IOException {
        Set<String> staged = new HashSet<>();
        try (Stream<Path> entries = Files.list(stagingDirectory)) {
            entries.filter(dir -> Files.isRegularFile(dir.resolve("function.json")))
                    .forEach(dir -> staged.add(dir.getFileName().toString()));
        }
        assertEquals(functionsByName.keySet(), staged);
    }

    @Test
    void host_json_is_the_one_in_the_repository() throws IOException {
        JsonNode staged = JSON.readTree(stagingDirectory.resolve("host.json").toFile());
        JsonNode source = JSON.readTree(Path.of("host.json").toFile());
        assertEquals(source, staged);
        assertEquals(5, staged.path("extensions").path("queues").path("maxDequeueCount").asInt());
        assertEquals("api", staged.path("extensions").path("http").path("routePrefix").asText());
        assertEquals("[4.*, 5.0.0)", staged.path("extensionBundle").path("version").asText());
    }

    @TestFactory
    Stream<DynamicTest> each_function_json_matches_its_annotations() {
        return functionsByName.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                () -> assertMatches(entry.getKey(), entry.getValue())));
    }

    private static void assertMatches(String functionName, Method method) throws IOException {
        JsonNode functionJson = JSON.readTree(stagingDirectory.resolve(functionName).resolve("function.json").toFile());
        String entryPoint = method.getDeclaringClass().getName() + "." + method.getName();
        assertEquals(entryPoint, functionJson.path("entryPoint").asText(), "entry point of " + functionName);
        assertTrue(functionJson.path("scriptFile").asText().endsWith(".jar"), "scriptFile of " + functionName);

        List<JsonNode> bindings = new ArrayList<>();
        functionJson.path("bindings").forEach(bindings::add);
        List<String> expectedNames = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            for (Annotation annotation : parameter.getAnnotations()) {
                if (annotation instanceof HttpTrigger http) {
                    expectedNames.add(http.name());
                    JsonNode trigger = binding(bindings, http.name(), functionName);
                    assertEquals("httpTrigger", trigger.path("type").asText());
                    assertEquals("in", trigger.path("direction").asText());
                    assertEquals(http.route(), trigger.path("route").asText(), "route of " + functionName);
                    assertEquals(http.authLevel().name(), trigger.path("authLevel").asText().toUpperCase(Locale.ROOT),
                            "auth level of " + functionName);
                    Set<String> methods = new HashSet<>();
                    trigger.path("methods").forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
                    Set<String> declared = new HashSet<>();
                    Arrays.stream(http.methods()).forEach(m -> declared.add(m.name()));
                    assertEquals(declared, methods, "methods of " + functionName);
                    // The HTTP response is the function's return value.
                    JsonNode output = binding(bindings, "$return", functionName);
                    assertEquals("http", output.path("type").asText());
                    assertEquals("out", output.path("direction").asText());
                    expectedNames.add("$return");
                } else if (annotation instanceof TimerTrigger timer) {
                    expectedNames.add(timer.name());
                    JsonNode trigger = binding(bindings, timer.name(), functionName);
                    assertEquals("timerTrigger", trigger.path("type").asText());
                    assertEquals(timer.schedule(), trigger.path("schedule").asText(), "schedule of " + functionName);
                } else if (annotation instanceof QueueTrigger queue) {
                    expectedNames.add(queue.name());
                    JsonNode trigger = binding(bindings, queue.name(), functionName);
                    assertEquals("queueTrigger", trigger.path("type").asText());
                    assertEquals(queue.queueName(), trigger.path("queueName").asText(), "queue of " + functionName);
                    assertEquals(queue.connection(), trigger.path("connection").asText(), "connection of " + functionName);
                } else if (annotation instanceof QueueOutput output) {
                    expectedNames.add(output.name());
                    JsonNode binding = binding(bindings, output.name(), functionName);
                    assertEquals("queue", binding.path("type").asText());
                    assertEquals("out", binding.path("direction").asText());
                    assertEquals(output.queueName(), binding.path("queueName").asText(), "output queue of " + functionName);
                }
            }
        }
        List<String> actualNames = bindings.stream().map(b -> b.path("name").asText()).sorted().toList();
        assertEquals(expectedNames.stream().sorted().toList(), actualNames, "bindings of " + functionName);
    }

    private static JsonNode binding(List<JsonNode> bindings, String name, String functionName) {
        return bindings.stream().filter(b -> name.equals(b.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(functionName + " has no binding named " + name));
    }
}
