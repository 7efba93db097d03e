package io.retailpulse.inference.engine;

import java.util.List;

/**
 * A topic found by one clustering.
 *
 * @param id              0 = largest; -1 is never a topic (outliers)
 * @param centroid        unit-length mean embedding of its members
 * @param representatives indices of the documents closest to the centroid
 */
public record Topic(int id, String label, List<String> keywords, int size, float[] centroid, int[] representatives) {}
