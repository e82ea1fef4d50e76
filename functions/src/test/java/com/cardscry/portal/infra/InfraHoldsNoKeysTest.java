package com.cardscry.portal.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.testing.emulators.NodeModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * No file under {@code infra/} (nor {@code azure.yaml}) fetches, holds or enables a key: every resource is
 * reached with an identity. Plain text, so it needs no parser and catches a key in a script or policy too.
 */
class InfraHoldsNoKeysTest {

    /** Text that means a key is read, written or allowed; compared ignoring case and spaces. */
    private static final List<String> FORBIDDEN = List.of(
            "listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "primaryMasterKey",
            "AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "UseDevelopmentStorage",
            "allowSharedKeyAccess:true", "disableLocalAuth:false");

    @Test
    void no_file_in_infra_fetches_holds_or_enables_a_key() {
        Path root = repositoryRoot();
        List<String> findings = new ArrayList<>(findings(root.resolve("azure.yaml")));
        try (Stream<Path> files = Files.walk(root.resolve("infra"))) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> findings.addAll(findings(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        assertEquals(List.of(), findings);
    }

    @Nested
    class TheScan {

        @Test
        void finds_a_key_whatever_the_case_and_spacing() {
            List<String> found = findings("example.bicep", """
                    var good = 'x'
                    var storageKey = storage.listKeys().keys[0].value
                    var connection = 'DefaultEndpointsProtocol=https;accountkey=${storageKey}'
                      allowSharedKeyAccess:   true
                    """);

            assertEquals(List.of("example.bicep:2 listKeys(", "example.bicep:3 AccountKey=",
                    "example.bicep:4 allowSharedKeyAccess:true"), found);
        }

        @Test
        void passes_identity_based_settings() {
            assertTrue(findings("main.bicep", """
                    AzureWebJobsStorage__credential: 'managedidentity'
                    allowSharedKeyAccess: false
                    disableLocalAuth: true
                    """).isEmpty());
        }
    }

    private static List<String> findings(Path file) {
        try {
            return findings(repositoryRoot().relativize(file).toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        return NodeModules.emulatorsFolder().getParent();
    }

    /** "name:line pattern" for each forbidden text on each line. */
    static List<String> findings(String name, String text) {
        List<String> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
            for (String forbidden : FORBIDDEN) {
                if (line.contains(forbidden.replaceAll("\\s+", "").toLowerCase(Locale.ROOT))) {
                    findings.add(name + ":" + (i + 1) + " " + forbidden);
                }
            }
        }
        return findings;
    }
}
