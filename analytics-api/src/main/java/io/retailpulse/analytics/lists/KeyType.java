package io.retailpulse.analytics.lists;

import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** The SQL type of a sort column: how its value travels through an opaque cursor and back into a bound parameter. */
public enum KeyType {
    DATE {
        @Override
        Object parse(String text) {
            return LocalDate.parse(text);
        }
    },
    DATETIME {
        @Override
        Object parse(String text) {
            return LocalDateTime.parse(text);
        }
    },
    LONG {
        @Override
        Object parse(String text) {
            return Long.parseLong(text);
        }

        @Override
        Object normalise(Object value) {
            return ((Number) value).longValue();
        }
    },
    DOUBLE {
        @Override
        Object parse(String text) {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not finite");
            }
            return value;
        }

        @Override
        Object normalise(Object value) {
            return ((Number) value).doubleValue();
        }
    },
    DECIMAL {
        @Override
        Object parse(String text) {
            return new BigDecimal(text);
        }

        @Override
        Object normalise(Object value) {
            // The MySQL client reads DECIMAL as Numeric.
            return value instanceof Numeric n ? n.bigDecimalValue() : new BigDecimal(value.toString());
        }
    },
    STRING {
        @Override
        Object parse(String text) {
            return text;
        }
    };

    /** The value of a cursor part; throws a RuntimeException when the text is not one. */
    abstract Object parse(String text);

    /** As {@link #parse}, for other packages. */
    public Object parseCursorPart(String text) {
        return parse(text);
    }

    /** The value as read from a row, in the Java type {@link #parse} gives. */
    Object normalise(Object value) {
        return value;
    }
}
