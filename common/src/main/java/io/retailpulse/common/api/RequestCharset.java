package io.retailpulse.common.api;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The charset a request body is declared in ({@code Content-Type: ...; charset=...}): UTF-8 when none is
 * given, 415 for a charset this JVM does not know, and for JSON anything but UTF-8 is a 415 (RFC 8259 §8.1:
 * JSON between systems is UTF-8; the JSON reader would otherwise ignore the declaration and guess).
 */
public final class RequestCharset {
    private RequestCharset() {}

    /** The declared charset, UTF-8 by default; a 415 {@link ProblemException} if it cannot be honoured. */
    public static Charset of(String contentType) {
        String name = parameter(contentType, "charset");
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        Charset charset;
        try {
            charset = Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalCharsetNameException e) {
            charset = null;
        }
        if (charset == null) {
            throw unsupported("The charset '" + printable(name) + "' in Content-Type is not supported; send UTF-8 "
                    + "(or declare a standard charset such as UTF-16 or ISO-8859-1).");
        }
        if (isJson(contentType) && !charset.equals(StandardCharsets.UTF_8)) {
            throw unsupported(
                    "JSON must be sent as UTF-8 (RFC 8259); the request declares charset '" + printable(name) + "'.");
        }
        return charset;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** The value of a media-type parameter (quotes removed), or null. */
    static String parameter(String contentType, String parameter) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(parameter)) {
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(415, "Unsupported Media Type", detail, null);
    }

    private static String printable(String text) {
        return AuthFailureLog.printable(text.length() > 40 ? text.substring(0, 40) : text);
    }
}
