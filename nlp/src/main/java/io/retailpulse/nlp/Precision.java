package io.retailpulse.nlp;

import java.util.Locale;

/** Numeric precision of the served encoder: fp32 as trained, or its linear layers dynamically quantised to int8. */
public enum Precision {
    FP32,
    INT8;

    /** {@code fp32} / {@code int8}, any case. */
    public static Precision parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision must be fp32 or int8, not '" + s + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
