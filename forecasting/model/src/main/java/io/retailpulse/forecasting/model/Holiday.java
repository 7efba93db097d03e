package io.retailpulse.forecasting.model;

import java.time.LocalDate;

/**
 * One occurrence of a holiday or event. Each day offset in {@code [lowerWindow, upperWindow]} gets its own
 * coefficient (shared by all occurrences with the same name), as in Prophet.
 *
 * @param priorScale null for the model's holidays prior scale
 */
public record Holiday(String name, LocalDate date, int lowerWindow, int upperWindow, Double priorScale) {
    public Holiday {
        if (name == null || name.isBlank() || date == null) {
            throw new IllegalArgumentException("holiday needs a name and a date");
        }
        if (lowerWindow > 0 || upperWindow < 0) {
            throw new IllegalArgumentException("holiday " + name + ": lowerWindow must be <= 0 and upperWindow >= 0");
        }
    }

    public static Holiday of(String name, LocalDate date) {
        return new Holiday(name, date, 0, 0, null);
    }
}
