package io.retailpulse.inference.complaints;

import java.util.List;

/** Topics (largest first, keywords by c-TF-IDF) and each document's topic ({@code -1} = outlier). */
public record ClusterResponse(List<TopicView> topics, List<Assignment> assignments) {
    /** One topic with its representative documents' ids. */
    public record TopicView(int id, String label, List<String> keywords, int size, List<String> representativeIds) {}

    public record Assignment(String id, int topic) {}
}
