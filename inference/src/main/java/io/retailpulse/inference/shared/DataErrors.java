package io.retailpulse.inference.shared;

import io.vertx.mysqlclient.MySQLBatchException;
import io.vertx.sqlclient.DatabaseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a row MySQL refuses for its data (SQLSTATE class 22 "data exception" or 23 "integrity constraint
 * violation": too long, wrong string, out of range, null in a NOT NULL column) from everything else (connection
 * lost, server gone, lock wait, deadlock). A data error repeats on every retry, so its record is dead-lettered;
 * anything else is retried, since retrying it later can succeed and dropping it would lose data.
 */
public final class DataErrors {
    private static final Pattern ERROR_MESSAGE = Pattern.compile("errorMessage=(.*?), errorCode=", Pattern.DOTALL);

    private DataErrors() {}

    public static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatabaseException db) {
                String state = db.getSqlState();
                return state != null && (state.startsWith("22") || state.startsWith("23"));
            }
            if (t instanceof MySQLBatchException batch
                    && !batch.getIterationError().isEmpty()) {
                // a batch is a data error only if every failed row is one
                return batch.getIterationError().values().stream().allMatch(DataErrors::isDataError);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** A reason for the dead letter: MySQL's message with its error code and SQLSTATE. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof DatabaseException db) {
                return "MySQL refused the row: " + plain(db.getMessage()) + " (error " + db.getErrorCode()
                        + ", SQLSTATE " + db.getSqlState() + ")";
            }
            if (t instanceof MySQLBatchException batch
                    && !batch.getIterationError().isEmpty()) {
                return describe(batch.getIterationError().values().iterator().next());
            }
        }
        return "MySQL refused the row: " + failure;
    }

    /** The MySQL client's message is {@code {errorMessage=..., errorCode=..., sqlState=...}}: MySQL's own text. */
    static String plain(String message) {
        if (message == null) {
            return "no message";
        }
        Matcher m = ERROR_MESSAGE.matcher(message);
        return m.find() ? m.group(1) : message;
    }
}
