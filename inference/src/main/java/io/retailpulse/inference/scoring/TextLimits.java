package io.retailpulse.inference.scoring;

import java.util.List;

/**
 * Input checks shared by the REST API and the {@code feedback.raw} consumer: a text must be non-blank and at most
 * {@code maxTextLength} characters; a batch holds 1 to {@code maxBatch} texts. {@link #check} answers the reason a
 * text is refused, or null.
 */
public record TextLimits(int maxTextLength, int maxBatch) {

    /** Why {@code text} cannot be scored, or null if it can; {@code name} names it in the reason. */
    public String check(String name, String text) {
        if (text == null) {
            return name + " is missing";
        }
        if (text.isBlank()) {
            return name + " is empty";
        }
        if (text.length() > maxTextLength) {
            return name + " has " + text.length() + " characters, at most " + maxTextLength;
        }
        return null;
    }

    /** Why the batch cannot be scored (the first bad text, or its size), or null if it can. */
    public String checkBatch(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            return "texts must be a non-empty list of strings";
        }
        if (texts.size() > maxBatch) {
            return "at most " + maxBatch + " texts per request, got " + texts.size();
        }
        for (int i = 0; i < texts.size(); i++) {
            String reason = check("texts[" + i + "]", texts.get(i));
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
