package io.retailpulse.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service reads, as environment variable names (MicroProfile Config's mapping: upper
 * case, every character other than a letter or digit an underscore): the keys of its application.properties and of
 * common's shared microprofile-config.properties (any profile), the {@code ${ENV}} references in their values, the
 * keys of every {@code @ConfigMapping} interface in its and common's sources (prefix plus a chain of method names),
 * and the few Quarkus keys the manifests set, named below.
 */
final class ConfigKeys {
    /** Quarkus' own keys the manifests set; quarkus.shutdown.timeout is core's graceful-shutdown setting. */
    private static final Set<String> QUARKUS = Set.of("QUARKUS_SHUTDOWN_TIMEOUT");

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern METHOD = Pattern.compile("(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private final Set<String> envNames = new HashSet<>();
    private final Map<String, Set<String>> mappings = new HashMap<>();
    private final Map<String, String> serviceProperties;
    private final Map<String, String> commonProperties;

    private ConfigKeys(Map<String, String> serviceProperties, Map<String, String> commonProperties) {
        this.serviceProperties = serviceProperties;
        this.commonProperties = commonProperties;
    }

    static ConfigKeys of(Path root, String service) {
        ConfigKeys keys = new ConfigKeys(
                properties(root.resolve(service).resolve("src/main/resources/application.properties")),
                properties(root.resolve("common/src/main/resources/META-INF/microprofile-config.properties")));
        for (Map<String, String> properties : List.of(keys.serviceProperties, keys.commonProperties)) {
            properties.forEach((key, value) -> {
                keys.envNames.add(env(key.replaceFirst("^%[^.]+\\.", "")));
                Matcher reference = ENV_REFERENCE.matcher(value);
                while (reference.find()) {
                    keys.envNames.add(reference.group(1));
                }
            });
        }
        for (Path sources :
                List.of(root.resolve(service).resolve("src/main/java"), root.resolve("common/src/main/java"))) {
            try (Stream<Path> files =
                    Files.walk(sources).filter(p -> p.toString().endsWith(".java"))) {
                for (Path file : files.toList()) {
                    String java = Files.readString(file);
                    Matcher mapping = MAPPING.matcher(java);
                    if (!mapping.find()) {
                        continue;
                    }
                    Set<String> names = keys.mappings.computeIfAbsent(env(mapping.group(1)), p -> new HashSet<>());
                    Matcher method = METHOD.matcher(java);
                    while (method.find()) {
                        names.add(env(kebab(method.group(1))));
                    }
                    Matcher withName = WITH_NAME.matcher(java);
                    while (withName.find()) {
                        names.add(env(withName.group(1)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    /** Whether setting environment variable {@code name} configures something in this service. */
    boolean knows(String name) {
        if (envNames.contains(name) || QUARKUS.contains(name)) {
            return true;
        }
        return mappings.entrySet().stream()
                .anyMatch(mapping -> name.startsWith(mapping.getKey() + "_")
                        && composes(name.substring(mapping.getKey().length() + 1), mapping.getValue()));
    }

    /** Topic to consumer group of every incoming channel, topics resolved through {@code ${pulse.topics.*}}. */
    Map<String, String> consumerGroupsByTopic() {
        Map<String, String> groups = new LinkedHashMap<>();
        serviceProperties.forEach((key, value) -> {
            Matcher channel = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.topic$")
                    .matcher(key);
            if (channel.matches()) {
                String topic = resolve(value);
                String group = serviceProperties.get("mp.messaging.incoming." + channel.group(1) + ".group.id");
                groups.put(topic, group == null ? "" : group);
            }
        });
        return groups;
    }

    private String resolve(String value) {
        Matcher reference = Pattern.compile("^\\$\\{([^}:]+)}$").matcher(value.trim());
        if (reference.matches()) {
            String key = reference.group(1);
            String resolved = serviceProperties.getOrDefault(key, commonProperties.get(key));
            return resolved == null ? value : resolve(resolved);
        }
        return value.trim();
    }

    /** {@code rest} is one method name or a chain of them joined by underscores (nested groups). */
    private static boolean composes(String rest, Set<String> names) {
        for (String name : names) {
            if (rest.equals(name)
                    || rest.startsWith(name + "_") && composes(rest.substring(name.length() + 1), names)) {
                return true;
            }
        }
        return false;
    }

    static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static Map<String, String> properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }
}
