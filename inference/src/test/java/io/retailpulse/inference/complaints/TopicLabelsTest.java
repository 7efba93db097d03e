package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.testing.ChatStub;
import io.retailpulse.inference.engine.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Labels of a weekly run: stable while a topic's content is, offline by default, the LLM's when enabled and
 * answering, the offline one on any LLM failure. The LLM is a real local HTTP server (the JDK's) answering like
 * an OpenAI-compatible endpoint.
 */
class TopicLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ChatStub stub;

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    /** Answers each request with the next of {@code answers}: "status|content", or "sleep" (beyond the timeout). */
    private String stub(String... answers) {
        stub = ChatStub.start(i -> {
            String answer = answers[Math.min(i, answers.length - 1)];
            if (answer.equals("sleep")) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer = "200|too late";
            }
            String[] parts = answer.split("\\|", 2);
            return new ChatStub.Reply(Integer.parseInt(parts[0]), ChatStub.answer(parts[1]));
        });
        return stub.baseUrl() + "/";
    }

    /** Each request as "body auth=<Authorization header>", in order. */
    private List<String> requests() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < stub.bodies().size(); i++) {
            out.add(stub.bodies().get(i) + " auth=" + stub.authorizations().get(i));
        }
        return out;
    }

    private static LabelConfig config(boolean llm, String baseUrl) {
        return config(llm, baseUrl, Duration.ofSeconds(10));
    }

    private static LabelConfig config(boolean llm, String baseUrl, Duration timeout) {
        return new LabelConfig() {
            @Override
            public int stableTop() {
                return 5;
            }

            @Override
            public double stableOverlap() {
                return 0.5;
            }

            @Override
            public Llm llm() {
                return new Llm() {
                    @Override
                    public boolean enabled() {
                        return llm;
                    }

                    @Override
                    public String baseUrl() {
                        return baseUrl;
                    }

                    @Override
                    public String model() {
                        return "stub-model";
                    }

                    @Override
                    public Optional<String> apiKey() {
                        return Optional.of("k-123");
                    }

                    @Override
                    public Duration timeout() {
                        return timeout;
                    }

                    @Override
                    public int maxRetries() {
                        return 1;
                    }

                    @Override
                    public int maxTopics() {
                        return 2;
                    }

                    @Override
                    public double temperature() {
                        return 0.2;
                    }
                };
            }
        };
    }

    private static TopicLabels labels(boolean llm, String baseUrl) {
        return labels(config(llm, baseUrl));
    }

    private static TopicLabels labels(LabelConfig config) {
        return new TopicLabels(config, new LlmLabeler(config, JSON));
    }

    private static Topic topic(String label, String... keywords) {
        return new Topic(0, label, List.of(keywords), 10, new float[] {1, 0}, new int[0]);
    }

    private static TopicStore.RunTopic previous(String label, String... keywords) {
        return new TopicStore.RunTopic(
                7, label, List.of(keywords), List.of(), 10, 5, null, "stable", new float[] {1, 0});
    }

    private static final Topic STOCK = topic("out of stock", "out of stock", "empty shelves", "stock", "sold out");
    private static final Topic CHECKOUT =
            topic("self-checkout broken", "self-checkout broken", "card reader", "queue", "till");

    private static List<String> offline(Topic... topics) {
        return Arrays.stream(topics).map(Topic::label).toList();
    }

    private static List<List<String>> posts(int n) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(List.of("the milk was out of stock again", "empty shelves at 9am"));
        }
        return out;
    }

    @Test
    void aTopicThatKeepsItsIdAndItsContentKeepsItsLabel() {
        List<String> got = labels(false, "http://127.0.0.1:9/v1")
                .labels(
                        List.of(STOCK, CHECKOUT),
                        offline(STOCK, CHECKOUT),
                        Arrays.asList(
                                previous("shelves empty", "stock", "empty shelf", "out of stock again", "restock"),
                                previous("out of stock", "out of stock", "stock", "empty shelves")),
                        posts(2));
        assertEquals("shelves empty", got.get(0), "same content worded differently: the old label stays");
        assertEquals("self-checkout broken", got.get(1), "same id, other content: labelled again");
    }

    @Test
    void offlineByDefaultANewTopicTakesTheEngineLabelAndNoRequestIsMade() throws IOException {
        String url = stub("200|stock shortage");
        List<String> got = labels(false, url)
                .labels(List.of(STOCK), offline(STOCK), Arrays.asList((TopicStore.RunTopic) null), posts(1));
        assertEquals(List.of("out of stock"), got);
        assertTrue(requests().isEmpty());
    }

    @Test
    void anEnabledLlmNamesNewTopicsFromTheirPhrasesAndPosts() throws IOException {
        String url = stub("200|\"Out of stock.\"", "200|Label: self-checkout failures");
        List<String> got = labels(true, url)
                .labels(List.of(STOCK, CHECKOUT), offline(STOCK, CHECKOUT), Arrays.asList(null, null), posts(2));
        assertEquals(List.of("out of stock", "self-checkout failures"), got);
        String first = requests().get(0);
        assertTrue(
                first.contains("stub-model")
                        && first.contains("empty shelves")
                        && first.contains("milk was out")
                        && first.endsWith("auth=Bearer k-123"),
                first);
    }

    @Test
    void anyLlmFailureFallsBackToTheOfflineLabel() throws IOException {
        // topic 1: 500 then 503 (retries spent); topic 2: an answer that is no label
        String url = stub("500|x", "503|x", "200|Here are some possible labels for this topic of complaints:\n1.");
        List<String> got = labels(true, url)
                .labels(List.of(STOCK, CHECKOUT), offline(STOCK, CHECKOUT), Arrays.asList(null, null), posts(2));
        assertEquals(List.of("out of stock", "self-checkout broken"), got);
        assertEquals(3, requests().size());
    }

    @Test
    void aSlowLlmTimesOutAndTheOfflineLabelStands() throws IOException {
        String url = stub("sleep");
        long start = System.nanoTime();
        List<String> got = labels(config(true, url, Duration.ofMillis(500)))
                .labels(List.of(STOCK), offline(STOCK), Arrays.asList((TopicStore.RunTopic) null), posts(1));
        assertEquals(List.of("out of stock"), got);
        assertTrue(System.nanoTime() - start < 8_000_000_000L, "two 0.5 s timeouts, not the stub's 10 s delay");
    }

    @Test
    void anUnreachableLlmFallsBackAndOnlyTheLargestTopicsAreAsked() {
        Topic third = topic("rude staff", "rude staff", "staff");
        List<String> got = labels(true, "http://127.0.0.1:9/v1")
                .labels(
                        List.of(STOCK, CHECKOUT, third),
                        offline(STOCK, CHECKOUT, third),
                        Arrays.asList(null, null, null),
                        posts(3));
        assertEquals(List.of("out of stock", "self-checkout broken", "rude staff"), got);
    }

    @Test
    void anLlmLabelNamingAStoreOrPlaceIsRefusedAndTheOfflineLabelStands() throws IOException {
        String url = stub("200|Cork Market stock", "200|empty shelves");
        List<String> got = labels(true, url)
                .labels(
                        List.of(STOCK, CHECKOUT),
                        offline(STOCK, CHECKOUT),
                        Arrays.asList(null, null),
                        posts(2),
                        java.util.Set.of("Cork Market", "Cork"));
        assertEquals(List.of("out of stock", "empty shelves"), got);
        assertTrue(
                requests().get(0).contains("never a store, place, person or brand"),
                requests().get(0));
    }

    @Test
    void theAnswerMustBeAShortLabel() {
        LlmLabeler llm = new LlmLabeler(config(true, "http://127.0.0.1:9/v1"), JSON);
        assertEquals(Optional.of("expired products"), llm.parse(ChatStub.answer("**Expired products**")));
        assertEquals(Optional.empty(), llm.parse(ChatStub.answer("")));
        assertEquals(
                Optional.empty(), llm.parse(ChatStub.answer("a label that is far too long to be shown as a reason")));
        assertEquals(Optional.empty(), llm.parse(ChatStub.answer("four words are too many")), "labels have 1-3 words");
        assertEquals(Optional.empty(), llm.parse("not json"));
    }
}
