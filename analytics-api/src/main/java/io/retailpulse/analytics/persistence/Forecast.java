package io.retailpulse.analytics.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.time.LocalDate;

/** One forecast day of one store-product in one run (read-only here: forecasting owns the table). */
@Entity
@Immutable
@Table(name = "forecast")
@IdClass(Forecast.Key.class)
public class Forecast extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public long runId;
    @Id
    @Column(name = "forecast_date")
    public LocalDate date;
    @Id
    @Column(name = "store_id")
    public String storeId;
    @Id
    @Column(name = "product_id")
    public String productId;
    public double yhat;
    @Column(name = "yhat_lower")
    public double yhatLower;
    @Column(name = "yhat_upper")
    public double yhatUpper;
    public double trend;
    public Double weekly;
    public Double yearly;
    public Double holidays;

    /** Composite primary key. */
    public record Key(long runId, LocalDate date, String storeId, String productId) implements Serializable {
        public Key() {
            this(0, null, null, null);
        }
    }
}
