package io.retailpulse.ingest.platform;

/**
 * The one id rule of ingest, for every id it takes in (transaction, store, product and item ids, in CSV rows
 * and catalog imports): not empty, at most {@value #MAX_CHARS} characters (the {@code VARCHAR(64)} id columns of
 * ingest and of the services downstream), no control character and no {@code '|'} (it separates store and
 * product in Kafka keys). Feedback ids follow their own, longer rule ({@code FeedbackParser}).
 */
public final class Identifiers {
    public static final int MAX_CHARS = 64;

    private Identifiers() {
    }

    /** The id as given, or an {@link IllegalArgumentException} whose message names {@code field} and the rule. */
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
