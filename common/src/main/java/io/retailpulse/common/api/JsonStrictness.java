package io.retailpulse.common.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A JSON body (or record) is one JSON value: {@code {"text":"x"} garbage} is rejected rather than read as its
 * first value, so a truncated or concatenated message can never pass as a valid one.
 */
@Singleton
public class JsonStrictness implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
