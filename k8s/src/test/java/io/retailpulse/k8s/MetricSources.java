package io.retailpulse.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Meters the services register in code. The snapshots under src/test/resources/metrics hold what a running service
 * showed; meters registered on first use (a sales-history import, say) may be missing there, so a dashboard
 * metric also counts when its Micrometer name is registered in a service's sources.
 */
final class MetricSources {
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_max", "_total", "_seconds");

    private MetricSources() {}

    static String allMainSources(Path root, List<String> services) {
        StringBuilder all = new StringBuilder();
        for (String module :
                Stream.concat(services.stream(), Stream.of("common")).toList()) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))
                    .filter(p -> p.toString().endsWith(".java"))) {
                for (Path file : files.toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    /** The Prometheus name, with its suffixes taken off one by one, is a meter name (dots or underscores). */
    static boolean registeredIn(String sources, String prometheusName) {
        String name = prometheusName;
        while (true) {
            if (sources.contains("\"" + name + "\"") || sources.contains("\"" + name.replace('_', '.') + "\"")) {
                return true;
            }
            String shorter = name;
            for (String suffix : SUFFIXES) {
                if (name.endsWith(suffix)) {
                    shorter = name.substring(0, name.length() - suffix.length());
                    break;
                }
            }
            if (shorter.equals(name)) {
                return false;
            }
            name = shorter;
        }
    }
}
