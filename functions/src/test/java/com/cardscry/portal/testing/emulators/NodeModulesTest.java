package com.cardscry.portal.testing.emulators;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Without Node the emulator tests must fail saying what to install, never skip. */
class NodeModulesTest {

    @Test
    void a_missing_tool_fails_with_what_to_install() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> NodeModules.requireTools(List.of("node-that-is-not-installed-anywhere")));
        assertTrue(missing.getMessage().contains("Install Node.js 20 with npm"), missing.getMessage());
        assertTrue(missing.getMessage().contains("not skipped"), missing.getMessage());
    }

    @Test
    void node_and_npm_are_found_on_this_machine() {
        assertDoesNotThrow(() -> NodeModules.requireTools(List.of("node", "npm")));
    }

    @Test
    void the_emulators_folder_is_found_next_to_the_pom() {
        assertTrue(NodeModules.emulatorsFolder().resolve("package.json").toFile().isFile());
    }
}
