package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void foundPortsAreDistinctBelowTheEphemeralRangeAndBindableOnEveryInterface() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.find();
            // Outgoing connections take their local ports from the ephemeral range, so a port found there could be
            // gone by the time a service binds it (a CI run's up with PULSE_BIND_HOST=0.0.0.0 failed that way).
            assertTrue(port < FreePorts.ephemeralLow(), port + " is below " + FreePorts.ephemeralLow());
            assertTrue(ports.add(port), "port " + port + " handed out twice");
        }
        int port = FreePorts.find();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void aPortSomethingListensOnIsNotFree() throws IOException {
        try (ServerSocket socket = new ServerSocket(FreePorts.find())) {
            assertTrue(!FreePorts.isFree(socket.getLocalPort()));
        }
    }
}
