package io.retailpulse.ingest.connectors;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a stream's bytes become frames: newline-delimited JSON (X) or server-sent events (Mastodon). Lines are
 * split on bytes ({@code \n}, an optional {@code \r} before it dropped), so a multi-byte character split across
 * chunks is decoded whole, and each line is decoded strictly as UTF-8. Hand-written (Vert.x's RecordParser
 * fails the whole stream on an over-long record; here an over-long or undecodable frame is reported and skipped,
 * and the stream goes on).
 */
public final class Framing {
    private Framing() {}

    /** A frame: one NDJSON line ({@code event} null) or one SSE event. */
    public record Frame(String event, String data) {}

    /** Receives what a framer found, in stream order. */
    public interface Sink {
        void frame(Frame frame);

        /** A keep-alive: an empty NDJSON line or an SSE comment. */
        void keepAlive();

        /** Bytes that form no frame: {@code raw} (possibly cut) and why. */
        void malformed(String raw, String reason);
    }

    /** Turns chunks into frames; one per connection (a partial line at a disconnect is dropped with it). */
    public interface Framer {
        void feed(Buffer chunk, Sink sink);
    }

    public static Framer ndjson(int maxBytes) {
        return new Ndjson(maxBytes);
    }

    public static Framer sse(int maxBytes) {
        return new Sse(maxBytes);
    }

    /** Splits bytes into lines with a cap. */
    abstract static class Lines implements Framer {
        private final int maxBytes;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private boolean tooLong;

        Lines(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void feed(Buffer chunk, Sink sink) {
            byte[] bytes = chunk.getBytes();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    append(bytes, start, i - start);
                    start = i + 1;
                    endOfLine(sink);
                }
            }
            append(bytes, start, bytes.length - start);
        }

        private void append(byte[] bytes, int from, int length) {
            if (tooLong || length == 0) {
                return;
            }
            if (line.size() + length > maxBytes) {
                tooLong = true;
                return;
            }
            line.write(bytes, from, length);
        }

        private void endOfLine(Sink sink) {
            byte[] raw = line.toByteArray();
            line.reset();
            if (tooLong) {
                tooLong = false;
                overLong(sink, raw);
                return;
            }
            int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
            try {
                line(
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(raw, 0, length))
                                .toString(),
                        sink);
            } catch (CharacterCodingException e) {
                sink.malformed(new String(raw, 0, length, StandardCharsets.UTF_8), "line is not valid UTF-8");
            }
        }

        void overLong(Sink sink, byte[] start) {
            sink.malformed(new String(start, StandardCharsets.UTF_8), "line is longer than " + maxBytes + " bytes");
        }

        int maxBytes() {
            return maxBytes;
        }

        abstract void line(String text, Sink sink);
    }

    static final class Ndjson extends Lines {
        Ndjson(int maxBytes) {
            super(maxBytes);
        }

        @Override
        void line(String text, Sink sink) {
            if (text.isBlank()) {
                sink.keepAlive();
            } else {
                sink.frame(new Frame(null, text));
            }
        }
    }

    /** Server-sent events (WHATWG): {@code event:}, {@code data:} (joined by newlines), a blank line dispatches. */
    static final class Sse extends Lines {
        private String event;
        private StringBuilder data;
        private boolean skipping;

        Sse(int maxBytes) {
            super(maxBytes);
        }

        @Override
        void overLong(Sink sink, byte[] start) {
            super.overLong(sink, start);
            skipping = true; // the rest of this event is dropped with it
            event = null;
            data = null;
        }

        @Override
        void line(String text, Sink sink) {
            if (text.isEmpty()) {
                if (!skipping && data != null) {
                    sink.frame(new Frame(event == null ? "message" : event, data.toString()));
                }
                event = null;
                data = null;
                skipping = false;
                return;
            }
            if (skipping) {
                return;
            }
            if (text.charAt(0) == ':') {
                sink.keepAlive();
                return;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else if (data.length() + value.length() > maxBytes()) {
                        sink.malformed(
                                data.substring(0, Math.min(200, data.length())),
                                "event is longer than " + maxBytes() + " bytes");
                        skipping = true;
                        data = null;
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // id, retry and unknown fields carry nothing we use
                }
            }
        }
    }
}
