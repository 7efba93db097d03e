package io.retailpulse.forecasting.model;

/**
 * An extra regressor: a numeric column of the frame, known for the future too (promotion flag, price,
 * daily mean sentiment).
 *
 * @param priorScale  null for the holidays prior scale (Prophet's default)
 * @param standardize null for auto: standardise unless the column is binary 0/1
 * @param mode        null to follow the model's seasonality mode
 */
public record Regressor(String name, Double priorScale, Boolean standardize, Mode mode) {
    public Regressor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("regressor needs a name");
        }
    }

    public static Regressor of(String name) {
        return new Regressor(name, null, null, null);
    }
}
