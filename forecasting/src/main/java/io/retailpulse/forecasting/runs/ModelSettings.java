package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.config.ForecastingConfig;
import io.retailpulse.forecasting.model.HolidayCalendars;
import io.retailpulse.forecasting.model.Mode;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.Transform;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Locale;

/** Turns {@code pulse.forecasting.*} into model options for one store-product series. */
@ApplicationScoped
public class ModelSettings {
    private final ForecastingConfig config;

    public ModelSettings(ForecastingConfig config) {
        this.config = config;
    }

    public ModelOptions forSeries(LocalDate first, LocalDate last) {
        ForecastingConfig.Model m = config.model();
        ModelOptions.Builder b = ModelOptions.builder()
                .transform(Transform.valueOf(m.transform().toUpperCase(Locale.ROOT)))
                .changepointPriorScale(m.changepointPriorScale())
                .seasonalityMode(Mode.valueOf(m.seasonalityMode().toUpperCase(Locale.ROOT)))
                .intervalWidth(config.intervalWidth())
                .uncertaintySamples(config.uncertaintySamples());
        // Prophet switches yearly on only with two years of history; the configured order applies then.
        boolean twoYears = !first.plusDays(730).isAfter(last);
        if (m.yearlyOrder() >= 0) {
            b.yearly(twoYears ? m.yearlyOrder() : 0);
        }
        m.countryHolidays()
                .filter(c -> !c.isBlank())
                .ifPresent(c -> b.holidays(HolidayCalendars.country(c, first.getYear(), last.getYear() + 2)));
        return b.build();
    }

    /** Pooling applies to the Prophet-like model only. */
    public boolean pooling() {
        return prophet() && config.model().pooledPriorScale().isPresent();
    }

    /**
     * The run's top-down pooling without totals yet ({@code pulse.forecasting.runs.pooling.*}), or null when runs
     * fit each pair alone ({@code mode=none}, the default). A mode or level it does not know stops the start.
     */
    public TopDown topDown() {
        ForecastingConfig.Pooling p = config.runs().pooling();
        String mode = p.mode().trim().toLowerCase(Locale.ROOT);
        if (mode.equals("none")) {
            return null;
        }
        if (!mode.equals(TopDown.MODE)) {
            throw new IllegalArgumentException(
                    "pulse.forecasting.runs.pooling.mode must be none or " + TopDown.MODE + ": " + p.mode());
        }
        return new TopDown(
                p.level().trim().toLowerCase(Locale.ROOT),
                p.weight(),
                p.shareDays(),
                p.byWeekday(),
                java.util.Map.of());
    }

    /** The engine of runs ({@code pulse.forecasting.runs.model}), lower case. */
    public String runModel() {
        return config.runs().model().trim().toLowerCase(Locale.ROOT);
    }

    public boolean prophet() {
        return runModel().equals(PairForecaster.PROPHET);
    }

    public double intervalWidth() {
        return config.intervalWidth();
    }

    public double pooledPriorScale() {
        return config.model().pooledPriorScale().orElse(0.001);
    }

    public int horizonDays() {
        return config.horizonDays();
    }

    public int backtestDays() {
        return config.backtestDays();
    }

    public int minHistoryDays() {
        return config.minHistoryDays();
    }
}
