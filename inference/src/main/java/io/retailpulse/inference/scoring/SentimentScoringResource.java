package io.retailpulse.inference.scoring;

import io.retailpulse.common.api.DatabaseDeadline;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sentiment of texts ({@code negative | neutral | positive}) and labelled feedback for retraining. A text must be
 * non-blank and at most {@code pulse.inference.nlp.max-text-length} (5,000) characters; a batch holds at most
 * {@code max-batch-texts} (64). The model runs on the inference worker, never on the event loop,
 * micro-batched with concurrent requests and consumed feedback ({@link ScoringBatcher}).
 */
@Path("/api/v1/sentiment")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SentimentScoringResource {
    static final int MAX_LABELS = 1000;

    private final ScoringBatcher batcher;
    private final TextLimits limits;
    private final LabelRepository labels;
    private final Retrainer retrainer;

    public SentimentScoringResource(
            ScoringBatcher batcher, TextLimits limits, LabelRepository labels, Retrainer retrainer) {
        this.batcher = batcher;
        this.limits = limits;
        this.labels = labels;
        this.retrainer = retrainer;
    }

    public record TextRequest(String text) {}

    public record BatchRequest(List<String> texts) {}

    public record SentimentView(
            String label, double score, Map<String, Double> scores, String model, String modelVersion) {
        static SentimentView of(Scorer.Scored s) {
            return new SentimentView(
                    s.label(),
                    SentimentLabels.round(s.score()),
                    SentimentLabels.scores(s.probabilities()),
                    s.model(),
                    s.version());
        }
    }

    public record BatchView(List<SentimentView> results) {}

    @POST
    public Uni<SentimentView> one(TextRequest request) {
        String text = request == null ? null : request.text();
        fail(limits.check("text", text));
        return score(List.of(text)).map(r -> SentimentView.of(r.get(0)));
    }

    @POST
    @Path("/batch")
    public Uni<BatchView> batch(BatchRequest request) {
        List<String> texts = request == null ? null : request.texts();
        fail(limits.checkBatch(texts));
        return score(texts)
                .map(r -> new BatchView(r.stream().map(SentimentView::of).toList()));
    }

    private Uni<List<Scorer.Scored>> score(List<String> texts) {
        return batcher.score(texts);
    }

    /** One label, or {@code items} of them. */
    public record LabelRequest(
            String text, String label, String labelledBy, String eventId, List<LabelRequest> items) {}

    public record LabelsAccepted(int accepted, List<Long> ids) {}

    /**
     * Labelled feedback (e.g. from support agents): {@code {"text","label","labelledBy","eventId"}} or
     * {@code {"items":[...]}} (at most 1,000). 201 with the ids; the retraining triggers count them.
     */
    @POST
    @Path("/labels")
    @DatabaseDeadline
    public Uni<Response> label(LabelRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a body {\"text\",\"label\"} or {\"items\":[...]} is required");
        }
        List<LabelRequest> items = request.items() != null ? request.items() : List.of(request);
        if (items.isEmpty() || items.size() > MAX_LABELS) {
            throw ProblemException.badRequest("items must hold 1 to " + MAX_LABELS + " labels, got " + items.size());
        }
        List<LabelRepository.NewLabel> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            LabelRequest l = items.get(i);
            String where = request.items() != null ? "items[" + i + "]." : "";
            if (l == null) {
                throw ProblemException.badRequest(where + "label is missing");
            }
            fail(limits.check(where + "text", l.text()));
            if (SentimentLabels.index(l.label()) < 0) {
                throw ProblemException.badRequest(
                        where + "label must be one of " + SentimentLabels.ALL + ", got " + l.label());
            }
            out.add(new LabelRepository.NewLabel(
                    l.text(),
                    SentimentLabels.ALL.get(SentimentLabels.index(l.label())),
                    cut(l.labelledBy(), 128),
                    cut(l.eventId(), 64)));
        }
        return labels.insertAll(out).map(ids -> {
            retrainer.labelsAdded();
            return Response.status(201)
                    .entity(new LabelsAccepted(ids.size(), ids))
                    .build();
        });
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static void fail(String reason) {
        if (reason != null) {
            throw ProblemException.badRequest(reason);
        }
    }
}
