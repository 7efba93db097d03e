package io.retailpulse.forecasting.model;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table in Prophet's shape: timestamps {@code ds} (naive local time, strictly increasing), values {@code y}
 * (null for a future frame; NaN marks a missing value the fit skips), and optional extra columns: regressors,
 * boolean conditions of conditional seasonalities, {@code cap} and {@code floor} for logistic growth.
 */
public final class Frame {
    private final LocalDateTime[] ds;
    private final long[] seconds;
    private final double[] y;
    private final Map<String, double[]> regressors = new HashMap<>();
    private final Map<String, boolean[]> conditions = new HashMap<>();
    private double[] cap;
    private double[] floor;

    public Frame(LocalDateTime[] ds, double[] y) {
        if (y != null && y.length != ds.length) {
            throw new IllegalArgumentException("ds and y differ in length");
        }
        this.ds = ds.clone();
        this.y = y == null ? null : y.clone();
        this.seconds = new long[ds.length];
        for (int i = 0; i < ds.length; i++) {
            seconds[i] = ds[i].toEpochSecond(ZoneOffset.UTC);
            if (i > 0 && seconds[i] <= seconds[i - 1]) {
                throw new IllegalArgumentException("ds must be strictly increasing (row " + i + ": " + ds[i] + ")");
            }
        }
    }

    public static Frame ofDates(List<LocalDate> dates, double[] y) {
        return new Frame(dates.stream().map(LocalDate::atStartOfDay).toArray(LocalDateTime[]::new), y);
    }

    public Frame withRegressor(String name, double[] values) {
        requireLength(values.length, name);
        regressors.put(name, values.clone());
        return this;
    }

    public Frame withCondition(String name, boolean[] values) {
        requireLength(values.length, name);
        conditions.put(name, values.clone());
        return this;
    }

    public Frame withCap(double[] values) {
        requireLength(values.length, "cap");
        cap = values.clone();
        return this;
    }

    public Frame withFloor(double[] values) {
        requireLength(values.length, "floor");
        floor = values.clone();
        return this;
    }

    private void requireLength(int n, String name) {
        if (n != ds.length) {
            throw new IllegalArgumentException("column " + name + " has " + n + " rows, ds has " + ds.length);
        }
    }

    public int size() {
        return ds.length;
    }

    public LocalDateTime ds(int i) {
        return ds[i];
    }

    public LocalDateTime[] ds() {
        return ds.clone();
    }

    long seconds(int i) {
        return seconds[i];
    }

    public double[] y() {
        return y == null ? null : y.clone();
    }

    double y(int i) {
        return y[i];
    }

    boolean hasY() {
        return y != null;
    }

    double[] regressor(String name) {
        double[] v = regressors.get(name);
        if (v == null) {
            throw new IllegalArgumentException("frame has no regressor column " + name);
        }
        return v;
    }

    boolean[] condition(String name) {
        boolean[] v = conditions.get(name);
        if (v == null) {
            throw new IllegalArgumentException("frame has no condition column " + name);
        }
        return v;
    }

    double cap(int i) {
        if (cap == null) {
            throw new IllegalArgumentException("logistic growth needs a cap column");
        }
        return cap[i];
    }

    double floor(int i) {
        return floor == null ? 0 : floor[i];
    }

    boolean hasFloor() {
        return floor != null;
    }

    /** Rows {@code [from, to)} as a new frame with all columns. */
    public Frame slice(int from, int to) {
        Frame f = new Frame(Arrays.copyOfRange(ds, from, to), y == null ? null : Arrays.copyOfRange(y, from, to));
        regressors.forEach((k, v) -> f.regressors.put(k, Arrays.copyOfRange(v, from, to)));
        conditions.forEach((k, v) -> f.conditions.put(k, Arrays.copyOfRange(v, from, to)));
        f.cap = cap == null ? null : Arrays.copyOfRange(cap, from, to);
        f.floor = floor == null ? null : Arrays.copyOfRange(floor, from, to);
        return f;
    }

    /** The given rows (ascending indexes) as a new frame with all columns. */
    public Frame rows(int[] idx) {
        LocalDateTime[] d = new LocalDateTime[idx.length];
        for (int i = 0; i < idx.length; i++) {
            d[i] = ds[idx[i]];
        }
        Frame f = new Frame(d, y == null ? null : pick(y, idx));
        regressors.forEach((k, v) -> f.regressors.put(k, pick(v, idx)));
        conditions.forEach((k, v) -> {
            boolean[] out = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                out[i] = v[idx[i]];
            }
            f.conditions.put(k, out);
        });
        f.cap = cap == null ? null : pick(cap, idx);
        f.floor = floor == null ? null : pick(floor, idx);
        return f;
    }

    private static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    /** Names of the regressor columns (the future frame needs the same). */
    public java.util.Set<String> regressorNames() {
        return java.util.Set.copyOf(regressors.keySet());
    }
}
