package com.cardscry.portal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorsAllowedOriginsSettingTest {

    private static List<String> origins(String value) {
        return Settings.of(Map.of(PortalSettings.CORS_ALLOWED_ORIGINS.name(), value)).get(PortalSettings.CORS_ALLOWED_ORIGINS);
    }

    @Test
    void noneByDefault() {
        assertEquals(List.of(), Settings.of(Map.of()).get(PortalSettings.CORS_ALLOWED_ORIGINS));
    }

    @Test
    void commaSeparatedOriginsAreReadAsGiven() {
        assertEquals(List.of("http://localhost:5173", "https://portal.cardscry.com", "http://[::1]:8080", "http://127.0.0.1:3000"),
                origins("http://localhost:5173, https://portal.cardscry.com,http://[::1]:8080 ,http://127.0.0.1:3000"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {
        "*",                                      // with credentials, any site could act as the user
        "http://localhost:5173/",                 // a path: browsers never send one
        "https://portal.cardscry.com/app",
        "https://Portal.Cardscry.com",            // browsers send the host in lower case
        "HTTPS://portal.cardscry.com",
        "https://portal.cardscry.com:443",        // browsers leave the default port out
        "http://localhost:80",
        "http://localhost:0",
        "http://localhost:65536",
        "http://localhost:05173",
        "localhost:5173",                         // no scheme
        "ftp://files.cardscry.com",
        "null",                                   // what sandboxed pages send; never a frontend
        "http://localhost:5173,,https://portal.cardscry.com",
        "http://localhost:5173,",
        "https://user@portal.cardscry.com",
        "https://portal.cardscry.com?x=1",
    })
    void anythingButExactOriginsStopsStartUp(String value) {
        InvalidSettingException invalid = assertThrows(InvalidSettingException.class, () -> origins(value));

        assertEquals("PORTAL_CORS_ALLOWED_ORIGINS", invalid.settingName());
    }
}
