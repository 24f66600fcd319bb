package dev.sparkflow.devenv.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReachabilityTest {
    @Test
    void a_listening_port_is_reachable() throws Exception {
        try (ServerSocket sshd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(Reachability.tcp().reachable("127.0.0.1", sshd.getLocalPort(), Duration.ofSeconds(2)));
        }
    }

    @Test
    void a_closed_port_is_not_reachable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertFalse(Reachability.tcp().reachable("127.0.0.1", port, Duration.ofSeconds(2)));
    }

    @Test
    void an_unresolvable_name_is_not_reachable_rather_than_an_error() {
        assertFalse(Reachability.tcp().reachable("no-such-host.invalid", 22, Duration.ofSeconds(2)));
    }
}
