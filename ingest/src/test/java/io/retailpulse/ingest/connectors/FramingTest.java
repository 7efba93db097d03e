package io.retailpulse.ingest.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingTest {
    /** Records what a framer reports, as strings. */
    static final class Events implements Framing.Sink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void frame(Framing.Frame frame) {
            seen.add((frame.event() == null ? "" : frame.event() + "|") + frame.data());
        }

        @Override
        public void keepAlive() {
            seen.add("keep-alive");
        }

        @Override
        public void malformed(String raw, String reason) {
            seen.add("malformed: " + reason);
        }
    }

    private static void feed(Framing.Framer framer, Events sink, byte[]... chunks) {
        for (byte[] c : chunks) {
            framer.feed(Buffer.buffer(c), sink);
        }
    }

    @Test
    void ndjsonJoinsLinesSplitAcrossChunksEvenInsideACharacter() {
        byte[] all = "{\"a\":\"café\"}\r\n\r\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
        int cut = "{\"a\":\"caf".length() + 1; // inside the two bytes of é
        Events sink = new Events();
        Framing.Framer framer = Framing.ndjson(1000);
        feed(
                framer,
                sink,
                java.util.Arrays.copyOfRange(all, 0, cut),
                java.util.Arrays.copyOfRange(all, cut, all.length));
        assertEquals(List.of("{\"a\":\"café\"}", "keep-alive", "{\"b\":2}"), sink.seen);
    }

    @Test
    void ndjsonReportsOverLongAndNonUtf8LinesAndGoesOn() {
        Events sink = new Events();
        Framing.Framer framer = Framing.ndjson(10);
        feed(
                framer,
                sink,
                "0123456789ABC\n".getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', (byte) 0xC3, '}', '\n'},
                "{}\n{\"partial".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                List.of("malformed: line is longer than 10 bytes", "malformed: line is not valid UTF-8", "{}"),
                sink.seen,
                "a partial last line is not reported until it ends");
    }

    @Test
    void sseDispatchesEventsOnBlankLinesJoinsDataAndTreatsCommentsAsKeepAlives() {
        Events sink = new Events();
        Framing.Framer framer = Framing.sse(1000);
        feed(
                framer,
                sink,
                ":thump\n\nevent: update\ndata: {\"x\":".getBytes(StandardCharsets.UTF_8),
                "1}\n\ndata: a\ndata: b\nid: 7\n\nevent: delete\ndata: 42\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("keep-alive", "update|{\"x\":1}", "message|a\nb", "delete|42"), sink.seen);
    }

    @Test
    void sseSkipsTheRestOfAnOverLongEvent() {
        Events sink = new Events();
        Framing.Framer framer = Framing.sse(20);
        feed(
                framer,
                sink,
                ("event: update\ndata: " + "x".repeat(40) + "\ndata: more\n\nevent: update\ndata: ok\n\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("malformed: line is longer than 20 bytes", "update|ok"), sink.seen);
    }
}
