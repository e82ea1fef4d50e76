package com.cardscry.portal.application.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            203.0.113.7                                      | 203.0.113.7
            203.0.113.7:5678                                 | 203.0.113.7
            ' 203.0.113.7:5678 '                             | 203.0.113.7
            10.0.0.1, 203.0.113.7:5678                       | 203.0.113.7
            'forged, 198.51.100.1, 203.0.113.7:443'          | 203.0.113.7
            203.0.113.7:0                                    | 203.0.113.7
            203.0.113.7:65535                                | 203.0.113.7
            010.001.000.007                                  | 10.1.0.7
            [::1]:5678                                       | 0:0:0:0:0:0:0:0/64
            [2001:db8:1:2:3:4:5:6]:5678                      | 2001:db8:1:2:0:0:0:0/64
            [2001:db8:1:2::9]                                | 2001:db8:1:2:0:0:0:0/64
            2001:db8:1:2:ffff:ffff:ffff:ffff                 | 2001:db8:1:2:0:0:0:0/64
            2001:DB8:1:2::1                                  | 2001:db8:1:2:0:0:0:0/64
            'forged, [2001:db8:aa:bb::1]:80'                 | 2001:db8:aa:bb:0:0:0:0/64
            [::ffff:203.0.113.7]:5678                        | 203.0.113.7
            """)
    void theRightmostEntryIsTheClient(String header, String address) {
        assertEquals(Optional.of(address), ClientAddress.fromForwardedFor(header));
    }

    @ParameterizedTest(name = "''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {
        " ",
        "203.0.113.7, ",                // the rightmost entry is empty: the left one is not trusted instead
        "unknown",
        "localhost",
        "example.com:443",
        "203.0.113",
        "203.0.113.256",
        "203.0.113.7:65536",
        "203.0.113.7:",
        "203.0.113.7:http",
        "1.2.3.4.5",
        "[2001:db8::1",
        "[2001:db8::1]:",
        "[2001:db8::1]:99999",
        "[fe80::1%eth0]:80",
        "2001:db8:::1",
        "abc:def",
        "1.2.3.4:5:6",
        "::g",
    })
    void anythingElseIsNoAddress(String header) {
        assertEquals(Optional.empty(), ClientAddress.fromForwardedFor(header));
    }
}
