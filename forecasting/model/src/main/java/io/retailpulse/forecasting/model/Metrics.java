package io.retailpulse.forecasting.model;

/**
 * Point and interval accuracy of held-out predictions. SMAPE is in percent (Kaggle's definition, 0 when both
 * are 0); MAPE is a fraction as in Prophet; MASE scales MAE by the in-sample seasonal-naive MAE.
 */
public record Metrics(
        int n, double mae, double rmse, double mape, double smape, double mase, double r2, double coverage) {

    /**
     * @param training the series before the held-out part (for MASE's scale)
     * @param season   seasonal-naive lag for MASE (7 for daily data)
     * @param lower    interval bounds, or null when there are none (coverage NaN)
     */
    public static Metrics of(
            double[] actual, double[] predicted, double[] lower, double[] upper, double[] training, int season) {
        int n = actual.length;
        double abs = 0;
        double sq = 0;
        double ape = 0;
        int apeN = 0;
        double sm = 0;
        double mean = 0;
        int covered = 0;
        for (int i = 0; i < n; i++) {
            double e = actual[i] - predicted[i];
            abs += Math.abs(e);
            sq += e * e;
            if (actual[i] != 0) {
                ape += Math.abs(e / actual[i]);
                apeN++;
            }
            double denom = Math.abs(actual[i]) + Math.abs(predicted[i]);
            sm += denom == 0 ? 0 : 2 * Math.abs(e) / denom;
            mean += actual[i];
            if (lower != null && actual[i] >= lower[i] && actual[i] <= upper[i]) {
                covered++;
            }
        }
        mean /= n;
        double tss = 0;
        for (double a : actual) {
            tss += (a - mean) * (a - mean);
        }
        double naive = 0;
        int naiveN = 0;
        if (training != null) {
            for (int i = season; i < training.length; i++) {
                naive += Math.abs(training[i] - training[i - season]);
                naiveN++;
            }
        }
        double mae = abs / n;
        return new Metrics(
                n,
                mae,
                Math.sqrt(sq / n),
                apeN == 0 ? Double.NaN : ape / apeN,
                100 * sm / n,
                naiveN == 0 || naive == 0 ? Double.NaN : mae / (naive / naiveN),
                tss == 0 ? Double.NaN : 1 - sq / tss,
                lower == null ? Double.NaN : (double) covered / n);
    }
}
