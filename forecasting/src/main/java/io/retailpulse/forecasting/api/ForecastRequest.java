package io.retailpulse.forecasting.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code POST /api/v1/forecast}. {@code ds} and {@code y} are read as raw JSON so a bad value gets a precise
 * reason instead of a generic parse error; a null {@code y} is a missing value (left out of the fit).
 *
 * @param horizon       steps of the inferred spacing (default 30)
 * @param regressors    each with {@code values} for every series point (in request order) then every future step
 * @param holidays      events with windows; {@code countryHolidays} adds a built-in calendar (US, GB, DE, FR)
 * @param cap           capacity for {@code growth: logistic}
 * @param model         auto, prophet (default), ets, theta, snaive or ensemble
 * @param yearlySeasonality Fourier order of the built-in seasonality: null for Prophet's automatic choice,
 *                      0 to switch it off (same for weekly and daily)
 */
public record ForecastRequest(List<Point> series, Integer horizon, Double intervalWidth, Integer uncertaintySamples,
        List<SeasonalitySpec> seasonalities, List<HolidaySpec> holidays, String countryHolidays,
        List<RegressorSpec> regressors, String growth, String seasonalityMode, Double changepointPriorScale,
        Double cap, Double floor, Boolean includeHistory, Integer yearlySeasonality, Integer weeklySeasonality,
        Integer dailySeasonality, String model) {

    public record Point(JsonNode ds, JsonNode y) {
    }

    public record SeasonalitySpec(String name, Double period, Integer fourierOrder, Double priorScale, String mode) {
    }

    public record HolidaySpec(String holiday, String ds, Integer lowerWindow, Integer upperWindow, Double priorScale) {
    }

    public record RegressorSpec(String name, List<Double> values, Double priorScale, Boolean standardize, String mode) {
    }
}
