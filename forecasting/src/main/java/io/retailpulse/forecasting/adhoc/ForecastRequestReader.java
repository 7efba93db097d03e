package io.retailpulse.forecasting.adhoc;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.model.Growth;
import io.retailpulse.forecasting.model.Holiday;
import io.retailpulse.forecasting.model.HolidayCalendars;
import io.retailpulse.forecasting.model.Mode;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.Regressor;
import io.retailpulse.forecasting.model.Seasonality;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an ad-hoc request and turns it into a series and model options. Every refusal is a 400 naming the
 * point and the reason. Points may come in any order (they are sorted); steps missing from a regular series
 * are allowed (left out of the fit, as Prophet does), but a step that is not a whole number of the spacing is not.
 * Spacing: hourly, daily or weekly from the smallest step; otherwise monthly, quarterly or yearly when the points
 * fall on calendar months (see {@link Spacing}).
 */
@ApplicationScoped
public class ForecastRequestReader {
    public static final int MIN_POINTS = 3;
    public static final int MAX_HORIZON = 10_000;
    public static final int MAX_POINTS = 100_000;

    public AdHocSeries series(ForecastRequest r) {
        List<ForecastRequest.Point> points = r.series();
        if (points == null || points.isEmpty()) { // also checked by Bean Validation; kept for direct callers
            throw bad("series is missing or empty");
        }
        int n = points.size();
        LocalDateTime[] ds = new LocalDateTime[n];
        double[] y = new double[n];
        boolean datesOnly = true;
        int values = 0;
        for (int i = 0; i < n; i++) {
            ForecastRequest.Point p = points.get(i);
            if (p == null) {
                throw bad("series[" + i + "] is null");
            }
            JsonNode d = p.ds();
            if (d == null || !d.isTextual()) {
                throw bad("series[" + i + "].ds is missing or not a string");
            }
            String text = d.asText().trim();
            datesOnly &= text.length() == 10;
            ds[i] = parseDs(text, i);
            JsonNode v = p.y();
            if (v == null || v.isNull()) {
                y[i] = Double.NaN;
            } else if (v.isNumber() && Double.isFinite(v.asDouble())) {
                y[i] = v.asDouble();
                values++;
            } else {
                throw bad("series[" + i + "].y is not a number: " + v);
            }
        }
        if (values < MIN_POINTS) {
            throw bad("series has " + values + " values; at least " + MIN_POINTS + " are needed");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> ds[i]));
        LocalDateTime[] sortedDs = new LocalDateTime[n];
        double[] sortedY = new double[n];
        for (int i = 0; i < n; i++) {
            sortedDs[i] = ds[order[i]];
            sortedY[i] = y[order[i]];
            if (i > 0 && sortedDs[i].equals(sortedDs[i - 1])) {
                throw bad(
                        "duplicate ds " + sortedDs[i] + " (series[" + order[i - 1] + "] and series[" + order[i] + "])");
            }
        }
        Spacing spacing = spacing(sortedDs);
        int horizon = horizon(r);
        Map<String, double[]> regressors = new LinkedHashMap<>();
        for (ForecastRequest.RegressorSpec spec :
                r.regressors() == null ? List.<ForecastRequest.RegressorSpec>of() : r.regressors()) {
            if (spec == null || spec.name() == null || spec.name().isBlank()) {
                throw bad("every regressor needs a name");
            }
            if (regressors.containsKey(spec.name())) {
                throw bad("regressor " + spec.name() + " is named twice");
            }
            if (spec.reference()) { // values from another service's view: RegressorPlan
                if (spec.values() != null) {
                    throw bad(
                            "regressor " + spec.name() + " has both values and source " + spec.source() + ": give one");
                }
                continue;
            }
            List<Double> v = spec.values();
            List<Double> future = spec.futureValues() == null ? List.of() : spec.futureValues();
            boolean lengthOk = v != null
                    && (spec.legacy()
                            ? v.size() == n + horizon
                            : v.size() >= n
                                    && v.size() + future.size() <= n + horizon
                                    && (future.isEmpty() || v.size() == n));
            boolean legacyShort = spec.legacy() && v != null && v.size() >= n && v.size() < n + horizon;
            if (!lengthOk && !legacyShort) {
                throw bad(
                        spec.legacy()
                                ? "regressor " + spec.name() + " needs " + (n + horizon)
                                        + " numbers: one per series point, then one per future step"
                                : "regressor " + spec.name() + " needs one value per series point (" + n
                                        + "), then at most " + horizon
                                        + " future values (in values or futureValues, not both)");
            }
            if (v.stream().anyMatch(x -> x == null || !Double.isFinite(x))
                    || future.stream().anyMatch(x -> x == null || !Double.isFinite(x))) {
                throw bad("regressor " + spec.name() + " has a value that is not a number (null or not finite)");
            }
            // history in the series' sorted order, then the known future values (none, some, or one per step)
            double[] values2 = new double[v.size() + future.size()];
            for (int i = 0; i < n; i++) {
                values2[i] = v.get(order[i]);
            }
            for (int i = n; i < v.size(); i++) {
                values2[i] = v.get(i);
            }
            for (int i = 0; i < future.size(); i++) {
                values2[v.size() + i] = future.get(i);
            }
            regressors.put(spec.name(), values2);
        }
        return new AdHocSeries(sortedDs, sortedY, spacing, datesOnly, regressors);
    }

    /** The statistical families take only series, horizon and intervalWidth: refuse Prophet's options. */
    public void requireProphetOnlyOptionsAbsent(ForecastRequest r, String model) {
        java.util.List<String> given = new java.util.ArrayList<>();
        if (r.seasonalities() != null && !r.seasonalities().isEmpty()) given.add("seasonalities");
        if (r.holidays() != null && !r.holidays().isEmpty()) given.add("holidays");
        if (r.countryHolidays() != null && !r.countryHolidays().isBlank()) given.add("countryHolidays");
        if (r.regressors() != null
                && r.regressors().stream()
                        .anyMatch(x ->
                                x != null && (x.priorScale() != null || x.standardize() != null || x.mode() != null))) {
            given.add("regressor priorScale/standardize/mode");
        }
        if (r.growth() != null) given.add("growth");
        if (r.seasonalityMode() != null) given.add("seasonalityMode");
        if (r.changepointPriorScale() != null) given.add("changepointPriorScale");
        if (r.cap() != null) given.add("cap");
        if (r.floor() != null) given.add("floor");
        if (Boolean.TRUE.equals(r.includeHistory())) given.add("includeHistory");
        if (r.yearlySeasonality() != null) given.add("yearlySeasonality");
        if (r.weeklySeasonality() != null) given.add("weeklySeasonality");
        if (r.dailySeasonality() != null) given.add("dailySeasonality");
        if (!given.isEmpty()) {
            throw bad(String.join(", ", given) + " apply to model prophet only, not " + model);
        }
    }

    /**
     * The horizon, 30 steps unless given. Bean Validation checks the range on the HTTP request already; the series
     * reader checks it again for direct callers because the regressors' length depends on it.
     */
    public int horizon(ForecastRequest r) {
        int h = r.horizon() == null ? 30 : r.horizon();
        if (h < 1 || h > MAX_HORIZON) {
            throw bad(ForecastRequest.HORIZON);
        }
        return h;
    }

    public ModelOptions options(ForecastRequest r, AdHocSeries s) {
        try {
            ModelOptions.Builder b = ModelOptions.builder();
            if (r.intervalWidth() != null) {
                b.intervalWidth(r.intervalWidth());
            }
            if (r.uncertaintySamples() != null) {
                b.uncertaintySamples(r.uncertaintySamples());
            }
            b.yearly(order(r.yearlySeasonality(), "yearlySeasonality"));
            b.weekly(order(r.weeklySeasonality(), "weeklySeasonality"));
            b.daily(order(r.dailySeasonality(), "dailySeasonality"));
            if (r.changepointPriorScale() != null) {
                b.changepointPriorScale(r.changepointPriorScale());
            }
            if (r.growth() != null) {
                Growth g = enumOf(Growth.class, r.growth(), "growth");
                if (g == Growth.LOGISTIC && r.cap() == null) {
                    throw bad("growth logistic needs cap");
                }
                b.growth(g);
            }
            if (r.seasonalityMode() != null) {
                b.seasonalityMode(enumOf(Mode.class, r.seasonalityMode(), "seasonalityMode"));
            }
            for (ForecastRequest.SeasonalitySpec spec : nonNull(r.seasonalities())) {
                if (spec == null || spec.period() == null || spec.fourierOrder() == null) {
                    throw bad("every seasonality needs name, period (days) and fourierOrder");
                }
                b.addSeasonality(new Seasonality(
                        spec.name(),
                        spec.period(),
                        spec.fourierOrder(),
                        spec.priorScale() == null ? 10.0 : spec.priorScale(),
                        spec.mode() == null ? null : enumOf(Mode.class, spec.mode(), "seasonality mode"),
                        null));
            }
            for (ForecastRequest.HolidaySpec h : nonNull(r.holidays())) {
                if (h == null || h.holiday() == null || h.ds() == null) {
                    throw bad("every holiday needs holiday (its name) and ds");
                }
                b.addHolidays(List.of(new Holiday(
                        h.holiday(),
                        parseDate(h.ds()),
                        h.lowerWindow() == null ? 0 : h.lowerWindow(),
                        h.upperWindow() == null ? 0 : h.upperWindow(),
                        h.priorScale())));
            }
            if (r.countryHolidays() != null && !r.countryHolidays().isBlank()) {
                int from = s.ds()[0].getYear();
                b.addHolidays(HolidayCalendars.country(
                        r.countryHolidays(), from, s.ds()[s.ds().length - 1].getYear() + 2));
            }
            for (ForecastRequest.RegressorSpec spec : nonNull(r.regressors())) {
                b.addRegressor(new Regressor(
                        spec.name(),
                        spec.priorScale(),
                        spec.standardize(),
                        spec.mode() == null ? null : enumOf(Mode.class, spec.mode(), "regressor mode")));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** A built-in seasonality's Fourier order (0 to 100: Bean Validation), Prophet's automatic one when absent. */
    private static int order(Integer requested, String field) {
        return requested == null ? ModelOptions.AUTO : requested;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Spacing spacing(LocalDateTime[] ds) {
        long min = Long.MAX_VALUE;
        for (int i = 1; i < ds.length; i++) {
            min = Math.min(min, Duration.between(ds[i - 1], ds[i]).getSeconds());
        }
        Duration step = Duration.ofSeconds(min);
        Spacing spacing = Spacing.of(step)
                .or(() -> calendarSpacing(ds))
                .orElseThrow(
                        () -> bad(
                                "the smallest step "
                                        + "between points is " + step
                                        + "; only hourly (PT1H), daily (PT24H), weekly (PT168H), monthly, "
                                        + "quarterly and yearly (calendar months on one day of the month, or month ends) series are accepted"));
        boolean monthEnd = AdHocSeries.monthEnd(ds, spacing);
        for (int i = 1; i < ds.length; i++) {
            if (spacing.index(ds[0], ds[i], monthEnd) < 0) {
                throw bad("irregular spacing: " + ds[i] + " follows " + ds[i - 1] + " by "
                        + Duration.between(ds[i - 1], ds[i]) + ", not a whole number of "
                        + spacing.name().toLowerCase(Locale.ROOT) + " steps");
            }
        }
        return spacing;
    }

    /**
     * Monthly, quarterly or yearly: every point on the first one's day of the month (clipped in short months, as
     * 01-30 → 02-28 → 03-30) at its time of day, or every point on a month end, and the smallest gap 1, 3 or 12
     * calendar months (whole multiples of it are checked after).
     */
    private static Optional<Spacing> calendarSpacing(LocalDateTime[] ds) {
        boolean dayOfMonth = true;
        boolean monthEnds = true;
        long minMonths = Long.MAX_VALUE;
        for (int i = 0; i < ds.length; i++) {
            long months = ChronoUnit.MONTHS.between(
                    ds[0].toLocalDate().withDayOfMonth(1), ds[i].toLocalDate().withDayOfMonth(1));
            dayOfMonth &= ds[0].plusMonths(months).equals(ds[i]);
            monthEnds &= Spacing.isMonthEnd(ds[i]) && ds[i].toLocalTime().equals(ds[0].toLocalTime());
            if (i > 0) {
                minMonths = Math.min(
                        minMonths,
                        ChronoUnit.MONTHS.between(
                                ds[i - 1].toLocalDate().withDayOfMonth(1),
                                ds[i].toLocalDate().withDayOfMonth(1)));
            }
        }
        return dayOfMonth || monthEnds ? Spacing.ofMonths(minMonths) : Optional.empty();
    }

    private static LocalDateTime parseDs(String text, int i) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                // An offset is dropped: the local wall-clock time written is kept, as Prophet does with tz-naive ds.
                return OffsetDateTime.parse(text).toLocalDateTime();
            }
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw bad("series[" + i + "].ds '" + text + "' is not an ISO date or date-time");
        }
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw bad("holiday ds '" + text + "' is not an ISO date");
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(field + " '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    private static ProblemException bad(String reason) {
        return ProblemException.badRequest(reason);
    }
}
