package io.retailpulse.ingest.demo.posts;

/**
 * A synthetic social post with its ground truth: the sentiment it was written with and the catalog entries it
 * mentions ({@code storeId}/{@code storeName} may be null). {@code origin} is offline or llm.
 */
public record GeneratedPost(
        String text,
        String sentiment,
        String productId,
        String productName,
        String storeId,
        String storeName,
        String origin) {
    public static final String POSITIVE = "positive";
    public static final String NEUTRAL = "neutral";
    public static final String NEGATIVE = "negative";
}
