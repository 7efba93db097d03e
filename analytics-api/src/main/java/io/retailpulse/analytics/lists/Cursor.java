package io.retailpulse.analytics.lists;

import io.retailpulse.common.api.ProblemException;
import io.vertx.mutiny.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An opaque keyset cursor: the sort it was made for and the sort-key values of the last row of a page,
 * base64url-encoded. Keyset paging stays fast at any depth and never skips or repeats rows when new data
 * arrives between pages.
 */
public final class Cursor {
    private static final char SEP = '\u001f';

    private Cursor() {}

    /** The cursor of the position of {@code row}. */
    public static String of(Row row, Ordering ordering) {
        List<String> parts = new ArrayList<>();
        parts.add(ordering.canonical());
        KeysetReader.key(row, ordering).forEach(value -> parts.add(value.toString()));
        return encode(parts);
    }

    /**
     * The position a cursor names in {@code ordering}, null for no cursor; a 400 problem when it was not made by
     * {@link #of} for the same sort.
     */
    public static List<Object> position(String cursor, Ordering ordering) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        List<String> parts = decode(cursor.trim());
        if (parts == null || parts.size() < 2) {
            throw invalid(cursor);
        }
        if (!parts.get(0).equals(ordering.canonical())) {
            throw ProblemException.badRequest("cursor was made for sort=" + parts.get(0) + ", not sort="
                    + ordering.canonical() + ": keep the sort while paging");
        }
        if (parts.size() != ordering.columns().size() + 1) {
            throw invalid(cursor);
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < ordering.columns().size(); i++) {
            SortColumn column = ordering.columns().get(i);
            try {
                values.add(column.type().parseCursorPart(parts.get(i + 1)));
            } catch (RuntimeException e) {
                throw invalid(cursor);
            }
        }
        return values;
    }

    static String encode(List<String> parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join(String.valueOf(SEP), parts).getBytes(StandardCharsets.UTF_8));
    }

    static List<String> decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return List.of(raw.split(String.valueOf(SEP), -1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ProblemException invalid(String cursor) {
        String shown = cursor.length() > 80 ? cursor.substring(0, 80) + "..." : cursor;
        return ProblemException.badRequest(
                "cursor '" + shown + "' is not valid: pass the 'next' value of the previous page");
    }
}
