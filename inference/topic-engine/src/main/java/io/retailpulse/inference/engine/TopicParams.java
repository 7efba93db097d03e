package io.retailpulse.inference.engine;

/**
 * Settings of one clustering.
 *
 * @param minTopicSize     smallest topic (HDBSCAN min cluster size)
 * @param minSamples       HDBSCAN min samples (density smoothing; lower keeps fewer points as outliers)
 * @param reducedDims      PCA components clustered (0: cluster the full embedding)
 * @param outlierThreshold outliers join the topic their nearest clustered neighbours vote for when their mean cosine
 *                         similarity to those neighbours reaches this (above 1: never)
 * @param keywords         keywords kept per topic
 * @param maxTopicShare    a topic never holds more than this share of the documents when it can split
 * @param mergeSimilarity  topics whose centroids are at least this similar are merged (above 1: never)
 * @param umapDims         UMAP components HDBSCAN clusters, laid out from the PCA components (0: PCA only)
 */
public record TopicParams(
        int minTopicSize,
        int minSamples,
        int reducedDims,
        double outlierThreshold,
        int keywords,
        double maxTopicShare,
        double mergeSimilarity,
        int umapDims) {}
