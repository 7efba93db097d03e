package io.retailpulse.analytics.signals;

import io.retailpulse.analytics.lists.CsvText;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;

/** A row of {@code GET /api/v1/signals}: one external series' value on one day (fields fixed by INTERFACES.md). */
public record SignalItem(String name, LocalDate date, double value) {

    public static final String CSV_HEADER = "name,date,value";

    static SignalItem of(Row r) {
        return new SignalItem(r.getString("name"), r.getLocalDate("day"), r.getDouble("value"));
    }

    static String csv(Row r) {
        SignalItem i = of(r);
        return CsvText.line(i.name, i.date, i.value);
    }
}
