package io.retailpulse.ingest.demo.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.testing.ChatStub;
import io.retailpulse.ingest.testing.TestConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LLM mode against a local stub of an OpenAI-compatible server; no network. */
class LlmPostClientTest {
    private static final PostCatalog CATALOG = new PostCatalog(
            List.of(new PostCatalog.Entry("SKU-1", "Blue Fern Oat Milk", "Blue Fern")),
            List.of(new PostCatalog.Entry("S001", "Lyon Market", "Lyon")));
    private static final String ANSWER = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"```json\\n{\\\"posts\\\":[{\\\"text\\\":\\\"ngl Blue Fern Oat Milk slaps 🔥\\\",\\\"sentiment\\\":\\\"positive\\\","
            + "\\\"product\\\":\\\"blue fern oat milk\\\",\\\"store\\\":\\\"\\\"},{\\\"text\\\":\\\"Lyon Market queue again 😤\\\","
            + "\\\"sentiment\\\":\\\"Negative\\\",\\\"product\\\":\\\"Blue Fern Oat Milk\\\",\\\"store\\\":\\\"Lyon Market\\\"},"
            + "{\\\"text\\\":\\\"\\\",\\\"sentiment\\\":\\\"neutral\\\"}]}\\n```\"}}]}";

    private ChatStub stub;

    /** Answers each request with the next of {@code statuses} (the last repeats); 200 gets {@link #ANSWER}. */
    private String stub(int... statuses) {
        stub = ChatStub.statuses(ANSWER, "{\"error\":\"busy\"}", "0.05", statuses);
        return stub.baseUrl();
    }

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    private LlmPostClient client(String baseUrl) {
        return new LlmPostClient(
                TestConfig.of(Map.of(), Map.of("baseUrl", baseUrl, "apiKey", java.util.Optional.of("sk-test"))),
                new ObjectMapper());
    }

    @Test
    void parsesTheJsonPostsOfTheAnswerAndMapsNamesToTheCatalog() throws IOException {
        List<GeneratedPost> posts = client(stub(200)).generate(List.of("positive", "negative", "neutral"), CATALOG);
        assertEquals(2, posts.size(), "the post without text is dropped");
        assertEquals(
                new GeneratedPost(
                        "ngl Blue Fern Oat Milk slaps 🔥",
                        "positive",
                        "SKU-1",
                        "Blue Fern Oat Milk",
                        null,
                        null,
                        "llm"),
                posts.get(0));
        assertEquals("negative", posts.get(1).sentiment());
        assertEquals("S001", posts.get(1).storeId());
        assertTrue(
                stub.bodies().get(0).contains("\"model\":\"stub-model\"")
                        && stub.bodies().get(0).contains("Blue Fern Oat Milk"),
                stub.bodies().get(0));
        assertEquals("Bearer sk-test", stub.authorizations().get(0));
    }

    @Test
    void backsOffOn429HonouringRetryAfterAndThenSucceeds() throws IOException {
        List<GeneratedPost> posts = client(stub(429, 503, 200)).generate(List.of("positive", "negative"), CATALOG);
        assertEquals(3, stub.bodies().size());
        assertEquals(2, posts.size());
    }

    @Test
    void givesUpAfterTheRetriesSoTheCallerCanFallBack() throws IOException {
        assertThrows(
                LlmPostClient.LlmUnavailableException.class,
                () -> client(stub(500)).generate(List.of("positive"), CATALOG));
        assertEquals(4, stub.bodies().size(), "one attempt and three retries");
        assertThrows(
                LlmPostClient.LlmUnavailableException.class,
                () -> client("http://127.0.0.1:9/v1").generate(List.of("positive"), CATALOG));
    }
}
