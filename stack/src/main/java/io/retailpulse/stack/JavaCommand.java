package io.retailpulse.stack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How to launch child JVMs: the running JVM's own java binary, and a class path that holds Kafka's server. */
public final class JavaCommand {
    private JavaCommand() {}

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The class path for a child JVM running {@code kafka.Kafka}: the directory of the Kafka jar when it sits in a
     * {@code lib/} folder of copied dependencies (as with {@code pulse-stack.jar}), else this JVM's class path.
     */
    public static String kafkaClasspath() {
        Path kafkaJar = jarOf(kafka.Kafka.class);
        if (kafkaJar != null
                && kafkaJar.getParent() != null
                && kafkaJar.getParent().getFileName().toString().equals("lib")) {
            return kafkaJar.getParent() + File.separator + "*";
        }
        // Quarkus's bootstrap runner installs a log configurator that swallows everything until Quarkus starts.
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("quarkus-bootstrap-runner"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
