package io.retailpulse.inference.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.inference.complaints.Election;
import io.retailpulse.inference.complaints.EncoderSpec;
import io.retailpulse.inference.complaints.SentenceEncoder;
import io.retailpulse.inference.engine.Representer;
import io.retailpulse.inference.engine.TopicModel;
import io.retailpulse.inference.engine.TopicParams;
import io.retailpulse.inference.engine.TopicResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The demo's complaint reasons, labelled before (keyword triples) and after (key phrases): the posts
 * {@code ./pulse demo} sends (ingest's offline generator, 300 posts, seed 7, the demo catalog; written by
 * {@code bench/demo-posts.sh}) go through what the weekly run does with the service defaults: catalog names,
 * links and @mentions removed ({@code complaints.ThemeText}), topics fitted, the top 3 elected by unhappy posts
 * (here the generator's negative ones, which the served model labels negative too). Prints every elected reason
 * with both labels. {@code inference/bench/run.sh DemoLabels [posts.jsonl]}.
 */
public final class DemoLabels {
    private static final Logger LOG = Logger.getLogger(DemoLabels.class);
    private static final Pattern NOISE = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+|(?<![\\w@])@\\w+");

    private DemoLabels() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "target/demo-posts.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        List<String> written = new ArrayList<>();
        java.util.Set<String> allNames = new java.util.HashSet<>();
        List<Boolean> unhappy = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode post = json.readTree(line);
            String text = post.path("text").asText();
            written.add(text);
            List<String> names = new ArrayList<>();
            post.path("names").forEach(n -> names.add(n.asText()));
            allNames.addAll(names);
            // longest first, as the gazetteer matches: "Crafted Co Kombucha" before the brand "Crafted Co"
            names.sort(java.util.Comparator.comparingInt(String::length).reversed());
            for (String name : names) {
                text = Pattern.compile(Pattern.quote(name), Pattern.CASE_INSENSITIVE)
                        .matcher(text)
                        .replaceAll(" ");
            }
            texts.add(
                    NOISE.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").trim());
            unhappy.add("negative".equals(post.path("sentiment").asText()));
        }
        // the service defaults (pulse.inference.topics.*)
        TopicParams params = new TopicParams(10, 5, 32, 0.0, 10, 0.1, 0.7, 0);
        try (SentenceEncoder encoder = new SentenceEncoder(EncoderSpec.miniLmQuantized())) {
            TopicModel model = new TopicModel(encoder);
            // as the weekly run: the encoder reads the masked texts, the labels the texts as written less the names
            TopicResult result = model.fit(texts, written, allNames, params, done -> {});
            boolean[] isUnhappy = new boolean[texts.size()];
            for (int i = 0; i < isUnhappy.length; i++) {
                isUnhappy[i] = unhappy.get(i);
            }
            List<List<String>> docs = new ArrayList<>();
            result.topics().forEach(t -> docs.add(new ArrayList<>()));
            for (int i = 0; i < texts.size(); i++) {
                if (result.assignments()[i] >= 0) {
                    docs.get(result.assignments()[i]).add(texts.get(i));
                }
            }
            // "before" is the old keyword triple labeller on the masked texts, as the service ran it
            Representer old = Representer.cTfIdf();
            List<List<String>> oldKeywords = old.keywords(docs, params);
            LOG.infof(
                    "DemoLabels: %d posts, %d topics, represent %d ms",
                    texts.size(), result.topics().size(), result.stageMillis().get("represent"));
            for (var t : result.topics()) {
                LOG.infof(
                        "  topic %d (%d posts): before \"%s\", after \"%s\"; keywords %s",
                        t.id(), t.size(), old.label(oldKeywords.get(t.id())), t.label(), t.keywords());
            }
            // what the weekly run stores: a topic with enough unhappy posts is named by them
            List<Representer.Representation> complaints = model.represent(written, result, isUnhappy, params, allNames);
            for (Election.Elected e : Election.elect(
                    result.assignments(), isUnhappy, result.topics().size(), 3, 3)) {
                LOG.infof(
                        "  reason %d (%d unhappy posts, %.0f%%): before \"%s\"; after: whole topic \"%s\", "
                                + "its unhappy posts (stored) \"%s\"",
                        e.rank(),
                        e.unhappy(),
                        100 * e.share(),
                        old.label(oldKeywords.get(e.topic())),
                        result.topics().get(e.topic()).label(),
                        complaints.get(e.topic()).label());
            }
        }
    }
}
