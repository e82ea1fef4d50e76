package com.cardscry.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Portal;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.fixtures.BrokenFunctions;
import com.cardscry.portal.local.fixtures.RoutingFunctions;
import com.cardscry.portal.local.fixtures.TriggerFunctions;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionCatalogTest {

    @Nested
    class Discovers {

        @Test
        void everyFunctionByItsTrigger() {
            FunctionCatalog catalog = FunctionCatalog.of(List.of(TriggerFunctions.class, RoutingFunctions.class));

            assertEquals(List.of("nightlyPurge"), catalog.timers().stream().map(FunctionCatalog.Entry::name).toList());
            assertEquals("0 0 3 * * *", catalog.timers().get(0).trigger(TimerTrigger.class).schedule());
            assertEquals(List.of("privacyRequests"), catalog.queues().stream().map(FunctionCatalog.Entry::name).toList());
            assertEquals("privacy-requests", catalog.queues().get(0).trigger(QueueTrigger.class).queueName());
            assertEquals(8, catalog.http().size());
            assertEquals("v1/sessions/{id}", catalog.http().stream().filter(e -> e.name().equals("session"))
                    .findFirst().orElseThrow().trigger(HttpTrigger.class).route());
            assertEquals(10, catalog.all().size(), "helper() has no @FunctionName and is skipped");
        }
    }

    @Nested
    class Refuses {

        @Test
        void aFunctionWithoutTrigger() {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> FunctionCatalog.of(List.of(BrokenFunctions.NoTrigger.class)));

            assertTrue(failure.getMessage().contains("noTrigger"), failure.getMessage());
        }

        @Test
        void twoFunctionsWithTheSameNameIgnoringCase() {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> FunctionCatalog.of(List.of(RoutingFunctions.class, BrokenFunctions.SameNameAsPing.class)));

            assertTrue(failure.getMessage().contains("ping"), failure.getMessage());
        }
    }

    /**
     * The local host serves what {@link Portal#functionClasses()} lists; a function class the composition
     * root forgot would silently not be served, so every class in the functions package is checked.
     */
    @Test
    void theCompositionRootListsEveryFunctionClass(@TempDir Path dataDir) throws Exception {
        Set<String> declaring = new TreeSet<>();
        for (Class<?> type : classesUnder("com.cardscry.portal.functions")) {
            if (FunctionCatalog.declaresFunctions(type)) {
                declaring.add(type.getName());
            }
        }
        Set<String> listed = new TreeSet<>();
        try (Portal portal = Portal.build(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString())))) {
            portal.functionClasses().forEach(type -> listed.add(type.getName()));
        }

        assertFalse(declaring.isEmpty(), "the scan found no function class at all");
        assertEquals(declaring, listed);
    }

    /** The README's function table is what operators read to know what runs: every function is in it, by name. */
    @Test
    void theReadmeNamesEveryFunction(@TempDir Path dataDir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> missing = new TreeSet<>();
        try (Portal portal = Portal.build(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString())))) {
            for (FunctionCatalog.Entry function : FunctionCatalog.of(portal.functionClasses()).all()) {
                if (!readme.contains("| `" + function.name() + "`") && !readme.contains(", `" + function.name() + "`")
                        && !readme.contains("`" + function.name() + "`, ")) {
                    missing.add(function.name());
                }
            }
        }
        assertEquals(Set.of(), missing, "functions the README's table does not name");
    }

    /** Every top-level and nested class in a package and its sub-packages, from a class folder or a jar. */
    private static List<Class<?>> classesUnder(String packageName) throws IOException, URISyntaxException, ClassNotFoundException {
        String folder = packageName.replace('.', '/');
        List<Class<?>> classes = new ArrayList<>();
        for (URL url : Collections.list(FunctionCatalogTest.class.getClassLoader().getResources(folder))) {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    addClasses(jar.getPath(folder), packageName, classes);
                }
            } else {
                addClasses(Path.of(uri), packageName, classes);
            }
        }
        return classes;
    }

    private static void addClasses(Path root, String packageName, List<Class<?>> classes) throws IOException, ClassNotFoundException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(path -> path.toString().endsWith(".class"))
                    .filter(path -> !path.getFileName().toString().equals("package-info.class")).toList();
        }
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
            String name = packageName + "." + relative.substring(0, relative.length() - ".class".length());
            classes.add(Class.forName(name, false, FunctionCatalogTest.class.getClassLoader()));
        }
    }
}
