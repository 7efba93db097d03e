package io.retailpulse.ingest.platform.csv;

/** Field checks shared by the CSV readers; each failure is an {@link IllegalArgumentException} with the reason. */
public final class CsvValues {
    private CsvValues() {}

    /** A whole number between 0 and {@code max}, named after its column in the reasons. */
    public static long wholeNumber(String column, String text, long max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + text + "' is not a whole number");
        }
        if (value < 0) {
            throw new IllegalArgumentException(column + " " + value + " is negative");
        }
        if (value > max) {
            throw new IllegalArgumentException(column + " " + value + " exceeds " + max);
        }
        return value;
    }
}
