package io.retailpulse.analytics.domain;

import io.retailpulse.common.api.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * An opaque keyset cursor: the sort key of the last row of a page, base64url-encoded. Keyset paging stays
 * fast at any depth and never skips or repeats rows when new data arrives between pages.
 */
public final class Cursor {
    private static final char SEP = '\u001f';

    private Cursor() {
    }

    public static String encode(List<String> key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(String.valueOf(SEP), key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key parts, or a 400 problem if the cursor was not made by {@link #encode} with that many parts. */
    public static List<String> decode(String cursor, int parts) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> key = List.of(raw.split(String.valueOf(SEP), -1));
            if (key.size() == parts) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the problem below
        }
        throw ProblemException.badRequest("cursor '" + cursor + "' is not valid: pass the 'next' value of the previous page");
    }
}
