package io.retailpulse.analytics.signals;

import io.retailpulse.analytics.lists.CsvText;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;

/** A row of {@code GET /api/v1/signals/series}: one stored series, its first and last day and how many days it has. */
public record SignalSeriesItem(String name, LocalDate first, LocalDate last, long days) {

    public static final String CSV_HEADER = "name,first,last,days";

    static SignalSeriesItem of(Row r) {
        return new SignalSeriesItem(
                r.getString("name"), r.getLocalDate("first_day"), r.getLocalDate("last_day"), r.getLong("days"));
    }

    static String csv(Row r) {
        SignalSeriesItem i = of(r);
        return CsvText.line(i.name, i.first, i.last, i.days);
    }
}
