package io.retailpulse.inference.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.mysqlclient.MySQLBatchException;
import io.vertx.mysqlclient.MySQLException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class DataErrorsTest {
    private static MySQLException mysql(String message, int code, String state) {
        // the client formats its message as {errorMessage=..., errorCode=..., sqlState=...}
        return new MySQLException(message, code, state);
    }

    @Test
    void dataAndIntegrityErrorsAreTheRowsFaultAndSayWhatMysqlSaid() {
        MySQLException tooLong = mysql("Data too long for column 'source' at row 1", 1406, "22001");
        assertTrue(DataErrors.isDataError(tooLong));
        assertTrue(DataErrors.isDataError(
                new RuntimeException("wrapped", mysql("Column 'text' cannot be null", 1048, "23000"))));
        assertEquals(
                "MySQL refused the row: Data too long for column 'source' at row 1 (error 1406, SQLSTATE 22001)",
                DataErrors.describe(tooLong));
    }

    @Test
    void outagesAndEverythingElseAreRetriedNotDeadLettered() {
        assertFalse(DataErrors.isDataError(mysql("Table 'x' doesn't exist", 1146, "42S02")));
        assertFalse(DataErrors.isDataError(mysql("Lock wait timeout exceeded", 1205, "HY000")));
        assertFalse(DataErrors.isDataError(mysql("Too many connections", 1040, "08004")));
        assertFalse(DataErrors.isDataError(new ConnectException("Connection refused")));
        assertFalse(DataErrors.isDataError(new IllegalStateException("Pool closed")));
    }

    @Test
    void aBatchIsADataErrorOnlyIfEveryFailedRowIsOne() {
        MySQLBatchException data = new MySQLBatchException();
        data.reportError(2, mysql("Data too long for column 'user_id' at row 1", 1406, "22001"));
        assertTrue(DataErrors.isDataError(data));
        assertTrue(DataErrors.describe(data).startsWith("MySQL refused the row: Data too long for column 'user_id'"));
        MySQLBatchException mixed = new MySQLBatchException();
        mixed.reportError(0, mysql("Data too long for column 'user_id' at row 1", 1406, "22001"));
        mixed.reportError(1, mysql("Lock wait timeout exceeded", 1205, "HY000"));
        assertFalse(DataErrors.isDataError(mixed));
    }
}
