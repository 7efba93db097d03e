package io.retailpulse.analytics.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** The part of a forecast run analytics-api needs: which runs finished (read-only; forecasting owns it). */
@Entity
@Immutable
@Table(name = "forecast_run")
public class ForecastRun extends PanacheEntityBase {
    public static final String SUCCEEDED = "SUCCEEDED";

    @Id
    @Column(name = "run_id")
    public long runId;
    public String status;
}
