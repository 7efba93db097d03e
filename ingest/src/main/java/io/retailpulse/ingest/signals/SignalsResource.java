package io.retailpulse.ingest.signals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.common.api.RequestCharset;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /api/v1/signals}: external series as CSV {@code name,ds,value} or JSON {@code {"items":[...]}}. */
@Path("/api/v1/signals")
public class SignalsResource {
    static final String SOURCE = "api";

    private final SignalsService service;
    private final ObjectMapper json;

    public SignalsResource(SignalsService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // streams the body and waits for MySQL and Kafka
    @Operation(
            summary = "Import external series as CSV name,ds,value",
            description = "Header name,ds,value (any order, extra columns allowed). One value per name and day: a "
                    + "later value replaces the earlier one. Stored, published on signals.series; bad rows are "
                    + "answered with their line and reason and sent to signals.series.dlq.")
    public SignalsResult csv(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        var charset = RequestCharset.of(contentType);
        SignalsService.Upload upload = service.upload("csv:signals");
        SignalCsvReader.read(body, charset, SOURCE, Instant.now(), new SignalCsvReader.Sink() {
            @Override
            public void accept(long line, SignalEvent event) {
                upload.accept(event);
            }

            @Override
            public void reject(long line, String reason, String raw) {
                upload.reject(line, null, reason, raw);
            }
        });
        return answer(upload);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(
            summary = "Import external series as JSON",
            description =
                    "{\"items\":[{\"name\":\"cpi\",\"ds\":\"2026-01-01\",\"value\":1.5}]} or one item. Same rules "
                            + "and answer as the CSV form; errors name the item (0-based) and the line it starts on.")
    public SignalsResult json(InputStream body) {
        SignalsService.Upload upload = service.upload("api:signals");
        try {
            SignalJsonReader.read(body, json, SOURCE, Instant.now(), new SignalJsonReader.Sink() {
                @Override
                public void accept(long line, int item, SignalEvent event) {
                    upload.accept(event);
                }

                @Override
                public void reject(long line, int item, String reason, String raw) {
                    upload.reject(line, item, reason, raw);
                }
            });
        } catch (SignalJsonReader.ShapeException e) {
            throw ProblemException.badRequest(e.getMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(
                    "Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer(upload);
    }

    private static SignalsResult answer(SignalsService.Upload upload) {
        SignalsResult result;
        try {
            result = upload.finish();
        } catch (SignalsService.PublishException e) {
            throw new ProblemException(
                            503,
                            "Service Unavailable",
                            e.getMessage() + ". Send the values again " + "later: a value sent twice replaces itself.",
                            null)
                    .retryAfter(30);
        }
        if (result.accepted() == 0 && result.rejected() > 0) {
            throw new ProblemException(
                    400,
                    "Bad Request",
                    "No value of the request is valid (" + result.rejected() + " rejected; see errors).",
                    result.errors());
        }
        if (result.accepted() == 0) {
            throw ProblemException.badRequest("The request holds no values.");
        }
        return result;
    }
}
