package io.retailpulse.ingest.platform.csv;

import io.retailpulse.common.values.Ids;
import java.util.ArrayList;
import java.util.List;

/** Splits one RFC 4180 line into fields: commas, double quotes, doubled quotes inside quotes. */
final class CsvFields {
    private CsvFields() {}

    /**
     * The fields of the line, without the spaces and tabs around unquoted ones; throws
     * {@link IllegalArgumentException} on a broken quote. Only blanks are trimmed: {@link String#trim()} would
     * also drop NUL and other control characters, silently changing a value instead of rejecting it.
     */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : blankTrimmed(field));
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && blankTrimmed(field).isEmpty()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (c == '"') {
                throw new IllegalArgumentException("stray double quote at column " + (i + 1));
            } else if (!(wasQuoted && c == ' ')) {
                if (wasQuoted) {
                    throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(
                    "unterminated quoted field (line breaks inside fields are not supported)");
        }
        fields.add(wasQuoted ? field.toString() : blankTrimmed(field));
        return fields;
    }

    /** The text without leading and trailing spaces and tabs (and nothing else). */
    static String blankTrimmed(CharSequence text) {
        return Ids.trimBlanks(text);
    }
}
