package io.retailpulse.stack.testing;

import io.retailpulse.stack.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy a test puts between a service and its MariaDB ("the edge") to play database faults
 * without touching the server other test classes use:
 * <ul>
 *   <li>{@link #freeze()}: like {@code kill -STOP mariadbd}: connections are still accepted (the kernel would
 *       complete the handshake) but not one byte more is forwarded either way, so queries hang;</li>
 *   <li>{@link #cut()}: like {@code kill -9}: every open connection is closed and new ones are refused;</li>
 *   <li>{@link #restore()}: forwarding resumes (what waited during a freeze is delivered) and connections are
 *       accepted again on the same port.</li>
 * </ul>
 * Plain threads and blocking sockets: test code only.
 */
public final class FreezableTcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Object gate = new Object();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean frozen;
    private volatile boolean closed;
    private ServerSocket server;
    private Thread acceptor;

    public FreezableTcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.port = FreePorts.find();
    }

    public synchronized FreezableTcpProxy start() {
        listen();
        return this;
    }

    public int port() {
        return port;
    }

    /** Stops forwarding in both directions; connections stay open and new ones are accepted. */
    public void freeze() {
        frozen = true;
    }

    /** Closes every connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        closeListener();
        sockets.forEach(FreezableTcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Forwards again (delivering what waited) and accepts connections again. */
    public synchronized void restore() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
        if (server == null || server.isClosed()) {
            listen();
        }
    }

    @Override
    public synchronized void close() {
        synchronized (gate) {
            closed = true;
            gate.notifyAll();
        }
        cut();
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        ServerSocket s = server;
        acceptor = new Thread(() -> accept(s), "db-edge-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void closeListener() {
        if (server != null) {
            closeQuietly(server);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed() && !closed) {
            try {
                Socket client = s.accept();
                sockets.add(client);
                Thread t = new Thread(() -> connect(client), "db-edge-conn-" + port);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // listener closed by cut() or close()
            }
        }
    }

    private void connect(Socket client) {
        awaitThaw(); // a frozen server sends no greeting: do not even reach it
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        sockets.add(upstream);
        if (client.isClosed()) {
            closeQuietly(upstream);
            return;
        }
        Thread back = new Thread(() -> pump(upstream, client), "db-edge-down-" + port);
        back.setDaemon(true);
        back.start();
        pump(client, upstream);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitThaw();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException e) {
            // closed by cut() or by the other side
        } catch (IOException e) {
            // same: the connection is over
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitThaw() {
        synchronized (gate) {
            while (frozen && !closed) {
                try {
                    gate.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // best effort
        }
    }
}
