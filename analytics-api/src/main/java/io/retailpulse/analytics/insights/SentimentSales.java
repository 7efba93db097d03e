package io.retailpulse.analytics.insights;

import java.time.LocalDate;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/insights/sentiment-sales} (shape in INTERFACES.md: {@code lags} of
 * {@code lag, correlation, pValue, days}, and {@code best}); the other fields say what was compared and how.
 */
public record SentimentSales(
        String product,
        String store,
        LocalDate from,
        LocalDate to,
        int sentimentDays,
        int salesDays,
        String test,
        double alpha,
        List<CrossCorrelation.Lag> lags,
        CrossCorrelation.Lag best) {
    public static final String TEST =
            "Bartlett: Pearson r per lag, variance (1 + 2 sum rho_sentiment(j) rho_sales(j))/n "
                    + "under no cross-correlation, two-sided normal p-value; significant = p < alpha / lags computed";
}
