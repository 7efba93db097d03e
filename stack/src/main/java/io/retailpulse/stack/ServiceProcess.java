package io.retailpulse.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Launches one Retail Pulse service ({@code <svc>/target/quarkus-app/quarkus-run.jar}) as its own JVM. */
public final class ServiceProcess {
    private final String name;
    private final int port;
    private final ProcessHandle process;
    private final Path logFile;

    private ServiceProcess(String name, int port, ProcessHandle process, Path logFile) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    /** Fails with the build command to run when the service has not been packaged yet. */
    public static void requireJar(String name, Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new StackException("service " + name + " is not built: " + jar + " is missing. Run "
                    + "./mvnw -DskipTests package in the project root first");
        }
    }

    /** As {@link #start(String, Path, int, String, Map, List, Path, boolean)}, listening on 127.0.0.1 only. */
    public static ServiceProcess start(
            String name,
            Path jar,
            int port,
            Map<String, String> env,
            List<String> javaOptions,
            Path logFile,
            boolean detached) {
        return start(name, jar, port, StackConfig.LOOPBACK, env, javaOptions, logFile, detached);
    }

    /**
     * Starts the service with {@code env} on top of this JVM's environment, its HTTP server on
     * {@code bindHost:port}; output goes to {@code logFile}.
     */
    public static ServiceProcess start(
            String name,
            Path jar,
            int port,
            String bindHost,
            Map<String, String> env,
            List<String> javaOptions,
            Path logFile,
            boolean detached) {
        return start(name, name, jar, port, bindHost, env, javaOptions, logFile, detached);
    }

    /**
     * One instance of {@code service}, called {@code instance} in logs and messages ({@code forecasting-1}); the
     * heap and working directory follow the service.
     */
    public static ServiceProcess start(
            String service,
            String instance,
            Path jar,
            int port,
            String bindHost,
            Map<String, String> env,
            List<String> javaOptions,
            Path logFile,
            boolean detached) {
        String name = instance;
        requireJar(name, jar);
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.javaBinary());
        // inference assembles its ONNX model (about 90 MB of weights) in memory at start-up and keeps two encoders
        command.add("inference".equals(service) ? "-Xmx1g" : "-Xmx384m");
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Quarkus listens on 0.0.0.0 in prod mode: a laptop's stack must not be reachable from the network.
        environment.put("QUARKUS_HTTP_HOST", bindHost);
        try {
            // Quarkus resolves relative paths against the working directory: use the module's own.
            Path workDir = jar.getParent().getParent().getParent();
            ProcessHandle process = Processes.start(name, command, environment, workDir, logFile, detached);
            return new ServiceProcess(name, port, process, logFile);
        } catch (IOException e) {
            throw new StackException("cannot start service " + name + ": " + e.getMessage(), e);
        }
    }

    /** A service started earlier (by a previous {@code up}). */
    public static ServiceProcess adopt(String name, int port, ProcessHandle process, Path logFile) {
        return new ServiceProcess(name, port, process, logFile);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public ProcessHandle process() {
        return process;
    }

    public Path logFile() {
        return logFile;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }
}
