package io.retailpulse.analytics.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A store-product day as forecasting aggregated it (read-only here: forecasting owns the table). */
@Entity
@Immutable
@Table(name = "daily_sales")
@IdClass(DailySales.Key.class)
public class DailySales extends PanacheEntityBase {
    @Id
    @Column(name = "sale_date")
    public LocalDate date;
    @Id
    @Column(name = "store_id")
    public String storeId;
    @Id
    @Column(name = "product_id")
    public String productId;
    public long units;
    public BigDecimal revenue;
    public int transactions;

    /** Composite primary key. */
    public record Key(LocalDate date, String storeId, String productId) implements Serializable {
        public Key() {
            this(null, null, null);
        }
    }
}
