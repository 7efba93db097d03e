package io.retailpulse.forecasting.adhoc;

import io.retailpulse.common.api.DatabaseConfig;
import io.retailpulse.common.api.DatabaseUnavailableException;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.signals.RegressorValues;
import io.retailpulse.forecasting.signals.SignalReads;
import io.retailpulse.forecasting.signals.SignalSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ad-hoc request's regressors by reference, through the shared {@link SignalReads} (also used by forecast
 * runs). Regressor values by reference are read from the other services' published views only (docs/architecture.md:
 * {@code api_*} views are the contract, never their tables): ingest's {@code api_signal_daily} (external series by
 * name) and inference's {@code api_text_sentiment} and {@code api_topic_alert} (daily sentiment and complaint
 * alerts of a product and/or store). Per day: {@code sentiment} the mean signed score (p_positive − p_negative;
 * days without posts are interpolated), {@code negative_share} the share of negative posts and {@code complaints}
 * the number of complaint alerts (optionally of one reason, the alert's topic label); both 0 on days without posts.
 */
@ApplicationScoped
public class RegressorSources {
    static final List<String> SOURCES = RegressorValues.SOURCES;

    private final SignalReads reads;
    private final DatabaseConfig database;

    public RegressorSources(SignalReads reads, DatabaseConfig database) {
        this.reads = reads;
        this.database = database;
    }

    /**
     * Values per day of every reference regressor of the request, by regressor name, over {@code from..to}
     * (signals: all their days, future ones included). A request without references reads nothing.
     */
    public Uni<Map<String, Map<LocalDate, Double>>> read(ForecastRequest request, LocalDate from, LocalDate to) {
        List<ForecastRequest.RegressorSpec> refs = request.regressors() == null
                ? List.of()
                : request.regressors().stream()
                        .filter(r -> r != null && r.name() != null && r.reference())
                        .toList();
        Map<String, Map<LocalDate, Double>> out = new LinkedHashMap<>();
        if (refs.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ForecastRequest.RegressorSpec spec : refs) {
            String source = spec.source().trim().toLowerCase(Locale.ROOT);
            if (!SOURCES.contains(source)) {
                return Uni.createFrom()
                        .failure(ProblemException.badRequest("regressor " + spec.name() + ": source '" + spec.source()
                                + "' is not one of inline, " + String.join(", ", SOURCES)));
            }
            chain = chain.chain(() -> one(spec, source, from, to).invoke(values -> out.put(spec.name(), values)))
                    .replaceWithVoid();
        }
        return chain.replaceWith(out)
                .ifNoItem()
                .after(database.timeout())
                .failWith(() -> new DatabaseUnavailableException(
                        "reading regressor sources took longer than " + database.timeout()));
    }

    private Uni<Map<LocalDate, Double>> one(
            ForecastRequest.RegressorSpec spec, String source, LocalDate from, LocalDate to) {
        if (source.equals("signal")) {
            return reads.signal(spec.name())
                    .map(m -> {
                        if (m.isEmpty()) {
                            throw ProblemException.badRequest(
                                    "regressor " + spec.name() + ": no external series named '" + spec.name()
                                            + "' (POST /api/v1/signals stores one)");
                        }
                        return m;
                    })
                    .onFailure(e -> !(e instanceof ProblemException))
                    .transform(e -> unavailable(spec, "api_signal_daily", e));
        }
        if (spec.product() == null && spec.store() == null) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest(
                            "regressor " + spec.name() + ": source " + source + " needs product and/or store"));
        }
        // The request fixes whose texts: one subject, "any" store and product besides the given ones.
        SignalSpec shared =
                new SignalSpec(spec.name(), source, SignalSpec.PRODUCT, spec.product(), spec.store(), spec.reason());
        SignalReads.Subject any = new SignalReads.Subject(null, null);
        return reads.read(shared, List.of(any), from, to)
                .map(bySubject -> bySubject.get(any))
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e ->
                        unavailable(spec, source.equals("complaints") ? "api_topic_alert" : "api_text_sentiment", e));
    }

    private static RuntimeException unavailable(ForecastRequest.RegressorSpec spec, String view, Throwable e) {
        return new DatabaseUnavailableException(
                "regressor " + spec.name() + ": could not read " + view + " (" + e.getMessage() + ")");
    }
}
