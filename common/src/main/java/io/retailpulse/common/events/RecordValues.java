package io.retailpulse.common.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Strict reading of a consumed record's value. Kafka's {@code StringDeserializer} replaces bytes that are not
 * UTF-8 with U+FFFD, and Jackson by default accepts trailing garbage, a number where a string belongs and a null
 * for a primitive: a record like that would be stored altered instead of dead-lettered. Consumers take the raw
 * bytes and read them here; every refusal is an {@link IllegalArgumentException} whose message is the reason
 * that goes into the dead letter's {@link DeadLetterHeaders#REASON}.
 */
public final class RecordValues {
    /** MySQL's DATETIME range: an instant outside it is refused by the column. */
    private static final Instant DATETIME_MIN = Instant.parse("1000-01-01T00:00:00Z");

    private static final Instant DATETIME_MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private RecordValues() {}

    /** The value as text, or an {@link IllegalArgumentException} naming the first byte that is not UTF-8. */
    public static String utf8(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("record has no value (null)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(value);
        CharBuffer out = CharBuffer.allocate(value.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IllegalArgumentException("value is not valid UTF-8 (bad byte 0x%02X at offset %d)"
                    .formatted(value[in.position()] & 0xFF, in.position()));
        }
        return out.flip().toString();
    }

    /**
     * A reader for event JSON that refuses trailing content, scalars coerced into strings (a number where the
     * contract says string) and null for primitive fields. Unknown properties stay allowed (events may grow).
     */
    public static ObjectReader strictReader(ObjectMapper mapper, Class<?> type) {
        ObjectMapper strict = mapper.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // unknown properties are allowed whatever the mapper says: the events may grow (INTERFACES.md)
        return strict.readerFor(type)
                .with(
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Why {@code value} does not fit a {@code VARCHAR(max)} column of that name (characters, as MySQL counts
     * them: a supplementary character is one), or null if it fits. Also refuses unpaired surrogates, which a
     * JSON {@code \\uD800} escape can carry and which no UTF-8 column can store.
     */
    public static String varchar(String name, String value, int max) {
        if (value == null) {
            return null;
        }
        String surrogate = unpairedSurrogate(name, value);
        if (surrogate != null) {
            return surrogate;
        }
        int length = value.codePointCount(0, value.length());
        return length > max ? name + " has " + length + " characters, at most " + max : null;
    }

    /** Why {@code value} does not fit a {@code TEXT} column (65,535 bytes of UTF-8), or null if it fits. */
    public static String text(String name, String value) {
        if (value == null) {
            return null;
        }
        String surrogate = unpairedSurrogate(name, value);
        if (surrogate != null) {
            return surrogate;
        }
        int bytes = utf8Length(value);
        return bytes > 65_535 ? name + " has " + bytes + " bytes of UTF-8, at most 65535" : null;
    }

    /** Why {@code value} does not fit a {@code DATETIME} column, or null if it fits (null fits). */
    public static String datetime(String name, Instant value) {
        if (value != null && (value.isBefore(DATETIME_MIN) || value.isAfter(DATETIME_MAX))) {
            return name + " " + value + " is outside 1000-01-01..9999-12-31";
        }
        return null;
    }

    /**
     * Why {@code value} cannot be stored in any UTF-8 column (an unpaired surrogate, which a JSON {@code \\uD800}
     * escape can carry), or null.
     */
    public static String unpairedSurrogate(String name, String value) {
        int at = unpairedSurrogate(value);
        return at < 0 ? null : name + " has an unpaired UTF-16 surrogate at index " + at;
    }

    /** The index of the first unpaired UTF-16 surrogate, or -1. */
    public static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The first of the reasons that is not null, or null. */
    public static String first(String... reasons) {
        for (String r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
