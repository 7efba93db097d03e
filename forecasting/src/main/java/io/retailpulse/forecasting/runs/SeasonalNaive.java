package io.retailpulse.forecasting.runs;

/** The baseline: the last week repeated. */
public final class SeasonalNaive {
    public static final int SEASON = 7;

    private SeasonalNaive() {}

    public static double[] forecast(double[] history, int horizon) {
        int n = history.length;
        double[] out = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            out[h] = n >= SEASON ? history[n - SEASON + (h % SEASON)] : history[n - 1];
        }
        return out;
    }
}
