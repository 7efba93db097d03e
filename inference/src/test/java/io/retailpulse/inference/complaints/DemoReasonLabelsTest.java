package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.inference.engine.KeyPhrases;
import io.retailpulse.inference.engine.Representer;
import io.retailpulse.inference.engine.TopicModel;
import io.retailpulse.inference.engine.TopicParams;
import io.retailpulse.inference.engine.TopicResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo's three complaint reasons, named as the weekly run names them: the 300 posts {@code ./pulse demo} sends
 * (ingest's offline generator, seed 7, the demo catalog; {@code demo/demo-posts.jsonl}, written by
 * {@code inference/bench/demo-posts.sh}), the real topic encoder, the service's defaults. The encoder reads the posts
 * with their catalog names masked (as {@link ThemeText}); the labels read them as written less the names, and each
 * elected reason is named by its unhappy posts. The generator puts the store and its city into every
 * self-checkout complaint ("the self-checkout at Cork Corner Cork is broken"): neither may reach a label.
 */
class DemoReasonLabelsTest {
    private static final Pattern NOISE = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+|(?<![\\w@])@\\w+");

    @Test
    void theDemosThreeReasonsReadAsTheirComplaintsAndNameNoStoreCityOrBrand() throws IOException {
        List<String> written = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Boolean> negative = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/demo/demo-posts.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode post = json.readTree(line);
                String text = post.path("text").asText();
                List<String> own = new ArrayList<>();
                post.path("names").forEach(n -> own.add(n.asText()));
                names.addAll(own);
                own.sort(Comparator.comparingInt(String::length).reversed());
                String m = text;
                for (String name : own) {
                    m = Pattern.compile(Pattern.quote(name), Pattern.CASE_INSENSITIVE)
                            .matcher(m)
                            .replaceAll(" ");
                }
                written.add(text);
                masked.add(
                        NOISE.matcher(m).replaceAll(" ").replaceAll("\\s+", " ").trim());
                negative.add("negative".equals(post.path("sentiment").asText()));
            }
        }
        assertEquals(300, written.size());
        boolean[] unhappy = new boolean[written.size()];
        for (int i = 0; i < unhappy.length; i++) {
            unhappy[i] = negative.get(i);
        }
        // pulse.inference.topics.* defaults
        TopicParams params = new TopicParams(10, 5, 32, 0.0, 10, 0.1, 0.7, 0);
        System.setProperty("DJL_CACHE_DIR", "target/djl");
        try (SentenceEncoder encoder = new SentenceEncoder(EncoderSpec.miniLmQuantized())) {
            TopicModel model = new TopicModel(encoder);
            TopicResult result = model.fit(masked, written, names, params, done -> {});
            List<Representer.Representation> complaints = model.represent(written, result, unhappy, params, names);
            List<String> reasons = Election.elect(
                            result.assignments(), unhappy, result.topics().size(), 3, 3)
                    .stream()
                    .map(e -> complaints.get(e.topic()).label())
                    .toList();
            assertEquals(3, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).contains("expired"), reasons.toString());
            assertEquals("out of stock", reasons.get(1), reasons.toString());
            assertTrue(reasons.get(2).startsWith("self-checkout"), reasons.toString());
            KeyPhrases.Names banned = new KeyPhrases.Names(names);
            List<String> every = new ArrayList<>(reasons);
            result.topics().forEach(t -> every.add(t.label()));
            result.topics().forEach(t -> every.addAll(t.keywords()));
            for (String label : every) {
                assertFalse(banned.holds(label), label + " names a store, city or brand; all labels " + every);
                assertTrue(label.split(" ").length <= 3, label);
            }
        }
    }
}
