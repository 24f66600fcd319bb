package dev.sparkflow.launcher.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkflow.launcher.api.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSH source a dev caller may open: one address or a small NAT pool, never a provider's network. */
class CidrTest {

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"203.0.113.7/32", "198.51.100.8/29", " 192.0.2.1/30 "})
    void a_narrow_block_is_accepted(String cidr) {
        assertDoesNotThrow(() -> Cidr.validate(cidr));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "198.51.100.0/24", "203.0.113.0/28"})
    void a_block_wider_than_a_small_nat_pool_is_refused(String cidr) {
        RequestException e = assertThrows(RequestException.class, () -> Cidr.validate(cidr));
        assertEquals(ErrorCode.MALFORMED_CIDR, e.code());
        assertTrue(e.getMessage().contains("prefix must be between /29 and /32"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is malformed")
    @ValueSource(strings = {"203.0.113.7", "256.0.0.1/32", "203.0.113.7/33", "2001:db8::1/128", "a.b.c.d/32"})
    void a_malformed_block_is_refused(String cidr) {
        assertThrows(RequestException.class, () -> Cidr.validate(cidr));
    }
}
