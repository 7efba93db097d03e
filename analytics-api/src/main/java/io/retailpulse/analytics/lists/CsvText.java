package io.retailpulse.analytics.lists;

import java.util.StringJoiner;

/** RFC 4180 fields for CSV answers: quoted when they hold a comma, quote or line break; empty for null. */
public final class CsvText {
    private CsvText() {}

    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** One CSV line of the fields, without the line break. */
    public static String line(Object... fields) {
        StringJoiner line = new StringJoiner(",");
        for (Object field : fields) {
            line.add(field(field));
        }
        return line.toString();
    }
}
