package io.retailpulse.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Map;

/** Writes a {@link Problem} straight to a Vert.x response, for answers given before or outside REST resources. */
@Singleton
public class ProblemWriter {
    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Answers with the problem unless the response has begun already (then nothing can be changed). */
    public void write(RoutingContext rc, Problem problem, Map<String, String> headers) {
        HttpServerResponse response = rc.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}";
        }
        response.setStatusCode(problem.status());
        headers.forEach(response::putHeader);
        response.putHeader("Content-Type", Problem.MEDIA_TYPE);
        response.end(body);
    }
}
