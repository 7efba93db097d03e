package io.retailpulse.stack.testing;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared public data sets are, read in place and never copied into the repo: the system property
 * {@code pulse.shared.data}, else {@code ../../shared/data} from the module whose test classes ask (found from
 * where those classes were loaded, whatever the working directory). A missing folder fails clearly.
 */
public final class SharedDataRoot {
    private SharedDataRoot() {}

    /**
     * @param anchor   a class of the asking module's tests
     * @param expected a folder that must be inside the data root, e.g. {@code forecasting}
     */
    public static Path locate(Class<?> anchor, String expected) {
        String configured = System.getProperty("pulse.shared.data");
        Path root = configured != null
                ? Path.of(configured)
                : moduleDir(anchor).resolve("../../shared/data").normalize();
        if (!Files.isDirectory(root.resolve(expected))) {
            throw new IllegalStateException(
                    "shared data not found at " + root.toAbsolutePath().normalize() + " (expected " + expected
                            + "/ inside); set -Dpulse.shared.data=/path/to/shared/data");
        }
        return root;
    }

    /** {@code <module>/target/test-classes} → {@code <module>}. */
    private static Path moduleDir(Class<?> anchor) {
        try {
            Path classes = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
