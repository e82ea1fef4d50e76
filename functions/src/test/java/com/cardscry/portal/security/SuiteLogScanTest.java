package com.cardscry.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.testing.SuiteLogGuard;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class (see junit-platform.properties) and fails if any log line of the
 * whole run held a bearer token, an email address, a session cookie or an API key. The account flows (sign-up,
 * verification, sessions, blocking, the authorisation matrix, the bad-input corpus) all run before it.
 */
@Order(Integer.MAX_VALUE)
class SuiteLogScanTest {

    @Test
    void the_guard_recognises_each_kind_of_forbidden_data() {
        assertEquals(List.of("a bearer token"), SuiteLogGuard.kindsIn("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxIn0.c2ln"));
        assertEquals(List.of("an email address"), SuiteLogGuard.kindsIn("sent to Ada.Lovelace+x@mail.example.org"));
        assertEquals(List.of("a session cookie"), SuiteLogGuard.kindsIn("Cookie: __Host-cardscry_session=abc.def"));
        assertEquals(List.of("an API key"), SuiteLogGuard.kindsIn("verify cs_live_" + "0".repeat(43) + "3aUlTJ"));
        assertEquals(List.of(), SuiteLogGuard.kindsIn("bearer token rejected: EXPIRED; account 35dfb250 blocked; key cs_live_\u2026ZK1t"));
    }

    @Test
    void no_log_line_of_the_whole_run_held_a_token_an_email_address_a_cookie_or_a_key() {
        assertTrue(SuiteLogGuard.isInstalled(), "the log guard is registered as a launcher session listener");
        assertEquals(List.of(), SuiteLogGuard.violations());
    }
}
