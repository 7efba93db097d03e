package io.retailpulse.forecasting.scaleout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/** Test data written by MariaDB itself (one INSERT ... SELECT), fast enough for thousands of series. */
final class SyntheticSeries {
    private SyntheticSeries() {}

    /** A table {@code scaleout_n} with 0..9999. */
    static void numbers(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS scaleout_n (n INT PRIMARY KEY)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO scaleout_n VALUES (?)")) {
            for (int i = 0; i < 10_000; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /**
     * {@code stores × products} series of {@code days} daily totals in {@code sales_history} from 2030-01-01: a level
     * per series, a weekend lift and a little deterministic noise.
     */
    static void history(Connection c, int stores, int products, int days) throws Exception {
        numbers(c);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sales_history (store_id, product_id, sale_date, units, source)
                SELECT CONCAT('S', s.n), CONCAT('P', p.n), DATE_ADD('2030-01-01', INTERVAL d.n DAY),
                       5 + (s.n * 7 + p.n * 3) % 20 + IF(DAYOFWEEK(DATE_ADD('2030-01-01', INTERVAL d.n DAY)) IN (1, 7), 6, 0)
                         + (s.n * 31 + p.n * 17 + d.n * 13) % 5,
                       'scaleout'
                FROM scaleout_n s JOIN scaleout_n p JOIN scaleout_n d
                WHERE s.n < ? AND p.n < ? AND d.n < ?""")) {
            ps.setInt(1, stores);
            ps.setInt(2, products);
            ps.setInt(3, days);
            ps.executeUpdate();
        }
    }
}
