package io.retailpulse.forecasting.model;

import io.retailpulse.stack.testing.SharedDataRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared public data, read in place (never copied into the repo): {@code ../shared/data} beside the
 * repository, or the system property {@code pulse.shared.data}. A missing folder fails the test.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        if (System.getProperty("pulse.shared.data") == null) {
            // This module sits one folder deeper (forecasting/model) than the services SharedDataRoot's default
            // assumes: try <repo>/../shared/data first, from wherever these classes (folder or tests jar) live.
            Path beside = moduleDir().resolve("../../../shared/data").normalize();
            if (Files.isDirectory(beside.resolve("forecasting"))) {
                return beside;
            }
        }
        return SharedDataRoot.locate(SharedData.class, "forecasting");
    }

    /** {@code forecasting/model/target/test-classes} (or the tests jar in target) → {@code forecasting/model}. */
    private static Path moduleDir() {
        try {
            return Path.of(SharedData.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent()
                    .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path prophetExamples(String file) {
        return root().resolve("forecasting/prophet-examples").resolve(file);
    }

    /** A two-column {@code "ds","y"} CSV (any line endings, quotes optional). */
    public static Frame readDsY(Path file) {
        List<LocalDate> ds = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (String line : lines(file)) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length < 2 || cells[0].equals("ds")) {
                continue;
            }
            ds.add(LocalDate.parse(cells[0].trim()));
            y.add(Double.parseDouble(cells[1].trim()));
        }
        return Frame.ofDates(ds, y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Store Item Demand: series keyed "store|item", values by day from 2013-01-01 (1,826 days each). */
    public static Map<String, double[]> storeItemDemand() {
        Path file = root().resolve("forecasting/store-item-demand/train.csv");
        Map<String, double[]> out = new LinkedHashMap<>();
        LocalDate origin = LocalDate.of(2013, 1, 1);
        int days = 1826;
        for (String line : lines(file)) {
            if (line.startsWith("date")) {
                continue;
            }
            String[] c = line.split(",");
            int d = (int) (LocalDate.parse(c[0]).toEpochDay() - origin.toEpochDay());
            out.computeIfAbsent(c[1] + "|" + c[2], k -> new double[days])[d] = Double.parseDouble(c[3]);
        }
        return out;
    }

    public static LocalDate storeItemOrigin() {
        return LocalDate.of(2013, 1, 1);
    }

    private static List<String> lines(Path file) {
        try {
            return List.of(Files.readString(file).split("\r\n|\r|\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
