package io.retailpulse.inference.complaints;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * {@code POST /api/v1/topics/cluster}: documents and the smallest topic size (default 10). The fixed rules are
 * declared here; the configured ones (how many documents, how long a text) and unique ids are checked by
 * {@link TopicClusterResource}.
 */
public record ClusterRequest(
        @NotEmpty(message = "must be a non-empty list of \\{\"id\",\"text\"\\}")
        List<@NotNull(message = "is missing") @Valid Document> documents,

        @Min(value = 2, message = "must be at least 2, got ${validatedValue}")
        Integer minTopicSize) {
    /** One text with the caller's id. */
    public record Document(
            @NotBlank(message = "is missing") String id,
            @NotBlank(message = "is empty") String text) {}
}
