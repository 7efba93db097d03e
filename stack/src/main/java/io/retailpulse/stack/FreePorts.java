package io.retailpulse.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Port probes on the loopback interface, where every local component listens. */
public final class FreePorts {
    private FreePorts() {}

    /** Where {@link #find()} looks: above the well-known services, below the stack's fixed test ports (24xxx). */
    private static final int LOW = 10_000;

    private static final int HIGH = 24_000;

    /** Ports this JVM already handed out, so that two finds in a row never return the same one. */
    private static final Set<Integer> ISSUED = ConcurrentHashMap.newKeySet();

    /**
     * A port that is free right now on loopback and on every interface, chosen at random below the OS's ephemeral
     * range. The OS's own pick ({@code new ServerSocket(0)}) comes from the ephemeral range, which outgoing
     * connections (health probes, Kafka and JDBC clients) draw their local ports from too: one of them could take
     * the port between this call and the bind of whatever is meant to listen there. Falls back to the OS's pick
     * when that range is unusual.
     */
    public static int find() {
        int high = Math.min(HIGH, ephemeralLow());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; high - LOW >= 1_000 && attempt < 500; attempt++) {
            int port = random.nextInt(LOW, high);
            if (!ISSUED.contains(port) && isFree(port) && isFreeOnEveryInterface(port) && ISSUED.add(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            ISSUED.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port: " + e.getMessage(), e);
        }
    }

    /** The first port of Linux's ephemeral range ({@code 32768} by default, and where it is not Linux). */
    static int ephemeralLow() {
        // A reader, not Files.readString: that sizes its read by the file's size, which procfs may report wrongly
        // (on this project's machines it returned the first character only).
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String range = reader.readLine();
            return range == null ? 32_768 : Integer.parseInt(range.strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean isFreeOnEveryInterface(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if nothing listens on 127.0.0.1:{@code port} and we could bind it. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a clear message when {@code port} is in use by something else. */
    public static void requireFree(int port, String purpose) {
        if (!isFree(port)) {
            throw new StackException("port " + port + " (" + purpose + ") is taken by another process");
        }
    }
}
