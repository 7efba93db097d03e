package io.retailpulse.inference.complaints;

import java.util.List;

/** {@code POST /api/v1/topics/cluster}: documents and the smallest topic size (default 10). */
public record ClusterRequest(List<Document> documents, Integer minTopicSize) {
    /** One text with the caller's id. */
    public record Document(String id, String text) {
    }
}
