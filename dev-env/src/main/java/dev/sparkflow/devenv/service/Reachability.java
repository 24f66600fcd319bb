package dev.sparkflow.devenv.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Whether something accepts TCP connections at an address and port. */
@FunctionalInterface
public interface Reachability {
    /** True when a TCP connection to {@code host:port} opens within {@code timeout}. */
    boolean reachable(String host, int port, Duration timeout);

    /** A real TCP connect, closed at once (an SSH server answers the connect; the handshake is ssh's business). */
    static Reachability tcp() {
        return (host, port, timeout) -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
                return true;
            } catch (IOException notYet) {
                return false; // Refused, unreachable or timed out: all mean "not yet" to a caller that polls.
            }
        };
    }
}
