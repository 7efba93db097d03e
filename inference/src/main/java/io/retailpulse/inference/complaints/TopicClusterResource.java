package io.retailpulse.inference.complaints;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.inference.config.InferenceConfig;
import io.retailpulse.inference.engine.Topic;
import io.retailpulse.inference.engine.TopicModel;
import io.retailpulse.inference.engine.TopicParams;
import io.retailpulse.inference.engine.TopicResult;
import io.retailpulse.inference.shared.InferencePool;
import io.retailpulse.inference.shared.RequestChecks;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Ad-hoc clustering for analysts: the weekly engine on any list of texts. */
@Path("/api/v1/topics/cluster")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TopicClusterResource {
    private final TopicModel model;
    private final InferencePool pool;
    private final InferenceConfig.Topics config;
    private final RequestChecks checks;

    public TopicClusterResource(TopicModel model, InferencePool pool, InferenceConfig config, RequestChecks checks) {
        this.model = model;
        this.pool = pool;
        this.config = config.topics();
        this.checks = checks;
    }

    /**
     * Clusters up to {@code pulse.inference.topics.max-documents} (10,000) documents; ids must be unique and
     * texts non-blank and at most {@code max-text-length} characters. Runs on the inference worker, not the event
     * loop.
     */
    @POST
    public Uni<ClusterResponse> cluster(ClusterRequest request) {
        TopicParams params = validate(request);
        List<ClusterRequest.Document> docs = request.documents();
        List<String> texts = docs.stream().map(ClusterRequest.Document::text).toList();
        return Uni.createFrom()
                .item(() -> model.fit(texts, params))
                .runSubscriptionOn(pool.executor())
                .map(result -> toResponse(docs, result));
    }

    private TopicParams validate(ClusterRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("documents must be a non-empty list of {\"id\",\"text\"}");
        }
        checks.valid(request);
        List<ClusterRequest.Document> docs = request.documents();
        if (docs.size() > config.maxDocuments()) {
            throw ProblemException.badRequest(
                    "at most " + config.maxDocuments() + " documents per request, got " + docs.size());
        }
        int minTopicSize = request.minTopicSize() == null ? config.minTopicSize() : request.minTopicSize();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < docs.size(); i++) {
            ClusterRequest.Document d = docs.get(i);
            if (!ids.add(d.id())) {
                throw ProblemException.badRequest("documents[" + i + "].id '" + d.id() + "' is not unique");
            }
            if (d.text().length() > config.maxTextLength()) {
                throw ProblemException.badRequest("documents[" + i + "].text has "
                        + d.text().length() + " characters, at most " + config.maxTextLength());
            }
        }
        return new TopicParams(
                minTopicSize,
                Math.min(config.minSamples(), minTopicSize),
                config.reducedDims(),
                config.outlierThreshold(),
                config.keywords(),
                config.maxTopicShare(),
                config.mergeSimilarity(),
                config.umapDims());
    }

    private static ClusterResponse toResponse(List<ClusterRequest.Document> docs, TopicResult result) {
        List<ClusterResponse.TopicView> topics = new ArrayList<>();
        for (Topic t : result.topics()) {
            topics.add(new ClusterResponse.TopicView(
                    t.id(),
                    t.label(),
                    t.keywords(),
                    t.size(),
                    IntStream.of(t.representatives())
                            .mapToObj(i -> docs.get(i).id())
                            .toList()));
        }
        List<ClusterResponse.Assignment> assignments = IntStream.range(0, docs.size())
                .mapToObj(i -> new ClusterResponse.Assignment(docs.get(i).id(), result.assignments()[i]))
                .toList();
        return new ClusterResponse(topics, assignments);
    }
}
