package io.retailpulse.stack;

/** The services take {@code mysql://host:port/db}; people often paste JDBC URLs instead. */
public final class DbUrl {
    private DbUrl() {}

    /** {@code jdbc:mysql://...}, {@code jdbc:mariadb://...} and {@code mariadb://...} become {@code mysql://...}. */
    public static String normalise(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:")) {
            trimmed = trimmed.substring("jdbc:".length());
        }
        if (trimmed.startsWith("mariadb://")) {
            trimmed = "mysql://" + trimmed.substring("mariadb://".length());
        }
        if (!trimmed.startsWith("mysql://")) {
            throw new StackException("PULSE_DB_URL must look like mysql://host:port/database, not " + url);
        }
        return trimmed;
    }
}
