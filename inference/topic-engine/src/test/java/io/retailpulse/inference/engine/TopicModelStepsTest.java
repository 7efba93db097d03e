package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fit runs the named steps in order, each replaceable; transform assigns new documents to fitted topics. */
class TopicModelStepsTest {
    private static final TopicParams PARAMS = new TopicParams(3, 2, 0, 2.0, 5, 1.0, 2.0, 0);

    private static float[] at(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r), 0};
    }

    /** Two tight groups of texts, at 0° and at 90°, with an embedder that knows which is which. */
    private static final List<String> TEXTS = List.of(
            "late delivery",
            "delivery late again",
            "late parcel delivery",
            "late delivery today",
            "card charged twice",
            "charged twice card",
            "double charge card",
            "card charged");

    private static final Embedder EMBEDDER = texts -> texts.stream()
            .map(t -> t.contains("card") ? at(90 + t.length() % 3) : at(t.length() % 3))
            .toArray(float[][]::new);

    @Test
    void fitFindsTheGroupsLabelsThemAndTimesEveryStep() {
        TopicResult result = new TopicModel(EMBEDDER).fit(TEXTS, PARAMS);
        assertEquals(2, result.topics().size());
        assertEquals(
                List.of("embed", "reduce", "cluster", "represent"),
                List.copyOf(result.stageMillis().keySet()));
        int delivery = result.assignments()[0];
        int card = result.assignments()[4];
        assertTrue(delivery != card && delivery >= 0 && card >= 0);
        assertTrue(
                result.topics().get(delivery).keywords().contains("late"),
                result.topics().get(delivery).toString());
        assertTrue(
                result.topics().get(card).keywords().contains("card"),
                result.topics().get(card).toString());
    }

    @Test
    void everyStepCanBeReplacedAndRunsInOrder() {
        List<String> calls = new ArrayList<>();
        TopicModel model = TopicModel.builder(texts -> {
                    calls.add("embed");
                    return EMBEDDER.embed(texts);
                })
                .reducer((centred, params) -> {
                    calls.add("reduce");
                    return centred;
                })
                .clusterer((reduced, params) -> {
                    calls.add("cluster");
                    int[] labels = new int[reduced.length];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = i < 4 ? 0 : 1;
                    }
                    return labels;
                })
                .merger((centred, labels, params) -> {
                    calls.add("merge");
                    return new int[labels.length]; // everything one topic
                })
                .representer(new Representer() {
                    @Override
                    public List<List<String>> keywords(List<List<String>> docsByTopic, TopicParams params) {
                        calls.add("represent");
                        return docsByTopic.stream()
                                .map(d -> List.of("kw" + d.size()))
                                .toList();
                    }

                    @Override
                    public String label(List<String> keywords) {
                        return "label " + keywords.get(0);
                    }
                })
                .build();

        TopicResult result = model.fit(TEXTS, PARAMS);

        assertEquals(List.of("embed", "reduce", "cluster", "merge", "represent"), calls);
        assertEquals(1, result.topics().size());
        assertEquals("label kw8", result.topics().get(0).label());
        assertArrayEquals(new int[8], result.assignments());
    }

    @Test
    void transformTakesTheNearestTopicAboveTheSimilarityAndOtherwiseLeavesAnOutlier() {
        List<Topic> topics = List.of(
                new Topic(0, "a", List.of(), 4, at(0), new int[0]),
                new Topic(1, "b", List.of(), 4, at(90), new int[0]));
        int[] assigned = TopicModel.transform(new float[][] {at(10), at(80), at(45)}, topics, 0.8);
        assertArrayEquals(new int[] {0, 1, -1}, assigned);
        assertArrayEquals(new int[] {-1}, TopicModel.transform(new float[][] {at(0)}, List.of(), 0.0));
    }

    @Test
    void representingASubsetNamesEachTopicByItsIncludedDocumentsOnly() {
        TopicModel model = new TopicModel(EMBEDDER);
        TopicResult result = model.fit(TEXTS, PARAMS);
        boolean[] include = new boolean[TEXTS.size()];
        for (int i = 0; i < 4; i++) {
            include[i] = true; // the delivery texts only
        }
        List<Representer.Representation> r = model.represent(TEXTS, result, include, PARAMS);
        int delivery = result.assignments()[0];
        int card = result.assignments()[4];
        assertTrue(r.get(delivery).label().contains("delivery"), r.toString());
        assertEquals("misc", r.get(card).label(), "no included document: nothing to name it by");
        assertTrue(r.get(card).keywords().isEmpty());
    }
}
