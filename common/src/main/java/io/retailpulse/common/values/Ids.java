package io.retailpulse.common.values;

/**
 * The platform's one id rule (issue 16): every id column of every service (transaction, store, product, item,
 * event ids) is {@code VARCHAR(64)}, so an id has at most {@value #MAX_CHARS} characters. Ingest enforces the
 * full rule at the edge ({@link #check}); the consumers downstream re-check what anything could have written to
 * a topic ({@link #isId}, or {@code RecordValues.varchar(name, value, Ids.MAX_CHARS)} where the reason must name
 * the field). Feedback ids follow their own, longer rule ({@code FeedbackParser} in ingest).
 */
public final class Ids {
    /** The length of every id column: {@code VARCHAR(64)}. */
    public static final int MAX_CHARS = 64;

    private Ids() {}

    /**
     * The id as given, or an {@link IllegalArgumentException} whose message names {@code field} and the rule:
     * not empty, at most {@value #MAX_CHARS} characters, no control character and no {@code '|'} (it separates
     * store and product in Kafka keys).
     */
    public static String check(String value, String field) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        if (value.length() > MAX_CHARS) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_CHARS + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '|') {
                throw new IllegalArgumentException(field + " contains a control character or '|'");
            }
        }
        return value;
    }

    /** Present, not blank and within the {@value #MAX_CHARS} characters of every id column. */
    public static boolean isId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_CHARS;
    }

    /**
     * The text without leading and trailing spaces and tabs, and nothing else: {@link String#trim()} would also
     * drop NUL and other control characters, silently changing an id instead of letting {@link #check} reject it.
     */
    public static String trimBlanks(CharSequence text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.subSequence(start, end).toString();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
