package io.retailpulse.forecasting.model;

/**
 * A Fourier seasonality: {@code order} sine/cosine pairs of period {@code periodDays}.
 *
 * @param mode      null to follow the model's seasonality mode
 * @param condition name of a boolean column of the frame; the seasonality applies only where it is true (null: always)
 */
public record Seasonality(String name, double periodDays, int order, double priorScale, Mode mode, String condition) {
    public Seasonality {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("seasonality needs a name");
        }
        if (!(periodDays > 0) || order < 1 || !(priorScale > 0)) {
            throw new IllegalArgumentException(
                    "seasonality " + name + " needs period > 0, order >= 1, prior scale > 0");
        }
    }

    public static Seasonality of(String name, double periodDays, int order) {
        return new Seasonality(name, periodDays, order, 10.0, null, null);
    }
}
