package io.retailpulse.common.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.testing.ChatStub;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared chat client against a local stub of an OpenAI-compatible server; no network. */
class ChatCompletionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatStub stub;

    /** Answers each request with the next of {@code statuses} (the last repeats); 429 carries Retry-After 0.02. */
    private String stub(int... statuses) {
        stub = ChatStub.statuses(ChatStub.answer("hi"), "{}", "0.02", statuses);
        return stub.baseUrl() + "/";
    }

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    /** Records every failed attempt and the waits asked for; waits nothing. */
    private static final class Recorder implements ChatCompletions.Attempts {
        final List<String> failed = new CopyOnWriteArrayList<>();
        final List<Optional<Duration>> retryAfters = new CopyOnWriteArrayList<>();

        @Override
        public void failed(int attempt, ChatCompletions.Failure failure) {
            failed.add(attempt + ":" + failure.why());
        }

        @Override
        public Duration before(int attempt, ChatCompletions.Failure failure) {
            retryAfters.add(failure.retryAfter());
            return Duration.ZERO;
        }
    }

    @Test
    void retries429And5xxThenAnswersWithTheBodyAndTheBearerKey() throws IOException {
        ChatCompletions chat =
                new ChatCompletions(stub(429, 503, 200), Optional.of("sk-test"), Duration.ofSeconds(2), JSON);
        Recorder attempts = new Recorder();
        ChatCompletions.Reply reply = chat.call("{}", Duration.ofSeconds(2), 3, attempts);
        ChatCompletions.Answer answer = assertInstanceOf(ChatCompletions.Answer.class, reply);
        assertEquals("hi", chat.content(answer.body()));
        assertEquals(List.of("0:HTTP 429", "1:HTTP 503"), attempts.failed);
        assertEquals(List.of(Optional.of(Duration.ofMillis(20)), Optional.empty()), attempts.retryAfters);
        assertEquals(List.of("Bearer sk-test", "Bearer sk-test", "Bearer sk-test"), stub.authorizations());
    }

    @Test
    void aClientErrorEndsAtOnceAndABlankKeySendsNoAuthorization() throws IOException {
        ChatCompletions chat = new ChatCompletions(stub(400), Optional.of(" "), Duration.ofSeconds(2), JSON);
        Recorder attempts = new Recorder();
        ChatCompletions.GaveUp gaveUp =
                assertInstanceOf(ChatCompletions.GaveUp.class, chat.call("{}", Duration.ofSeconds(2), 3, attempts));
        assertEquals(1, gaveUp.attempts());
        assertFalse(gaveUp.last().retryable());
        assertEquals(400, gaveUp.last().status());
        assertTrue(attempts.retryAfters.isEmpty(), "no wait asked for: nothing is retried");
        assertEquals(List.of("null"), stub.authorizations());
    }

    @Test
    void anUnreachableEndpointIsRetriedUntilTheRetriesRunOut() {
        ChatCompletions chat =
                new ChatCompletions("http://127.0.0.1:9/v1", Optional.empty(), Duration.ofSeconds(2), JSON);
        Recorder attempts = new Recorder();
        ChatCompletions.GaveUp gaveUp = assertInstanceOf(
                ChatCompletions.GaveUp.class,
                chat.call("{}", Duration.ofSeconds(2), 2, ChatCompletions.Attempts.immediately(attempts::failed)));
        assertEquals(3, gaveUp.attempts(), "one attempt and two retries");
        assertFalse(gaveUp.last().reached());
        assertTrue(gaveUp.last().retryable());
        assertEquals("not reachable", gaveUp.last().why());
        assertEquals(List.of("0:not reachable", "1:not reachable", "2:not reachable"), attempts.failed);
    }

    @Test
    void theCallersExceptionFromBeforeStopsTheCall() throws IOException {
        ChatCompletions chat = new ChatCompletions(stub(503), Optional.empty(), Duration.ofSeconds(2), JSON);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> chat.call("{}", Duration.ofSeconds(2), 5, new ChatCompletions.Attempts() {
                    @Override
                    public Duration before(int attempt, ChatCompletions.Failure failure) {
                        throw new IllegalStateException("asks to wait too long");
                    }
                }));
        assertEquals("asks to wait too long", e.getMessage());
        assertEquals(1, stub.bodies().size());
    }

    @Test
    void anInterruptedCallerGetsInterruptedWithItsFlagSet() throws IOException {
        ChatCompletions chat = new ChatCompletions(stub(503), Optional.empty(), Duration.ofSeconds(2), JSON);
        Thread.currentThread().interrupt();
        try {
            ChatCompletions.Reply reply = chat.call("{}", Duration.ofSeconds(2), 3, new ChatCompletions.Attempts() {
                @Override
                public Duration before(int attempt, ChatCompletions.Failure failure) {
                    return Duration.ofSeconds(5);
                }
            });
            assertInstanceOf(ChatCompletions.Interrupted.class, reply);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theBodyPutsTheCallersOptionsBeforeTheMessages() throws IOException {
        ChatCompletions chat = new ChatCompletions("http://unused", Optional.empty(), Duration.ofSeconds(1), JSON);
        String body = chat.body("m", 0.2, o -> o.put("max_tokens", 20), "sys", "user text");
        assertEquals(
                "{\"model\":\"m\",\"temperature\":0.2,\"max_tokens\":20,\"messages\":[{\"role\":\"system\",\"content\":"
                        + "\"sys\"},{\"role\":\"user\",\"content\":\"user text\"}]}",
                body);
        assertEquals("", chat.content("{\"choices\":[]}"));
        assertNull(JSON.readTree(body).get("response_format"));
    }
}
