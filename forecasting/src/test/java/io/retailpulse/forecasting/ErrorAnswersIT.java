package io.retailpulse.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.testing.ErrorAnswerWalker;
import io.retailpulse.common.testing.ErrorAnswersContract;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import org.junit.jupiter.api.Test;

/**
 * Every error answer of forecasting, framework-made ones included, is problem+json (issue 15, item 7): the walk of
 * {@link ErrorAnswersContract}, plus the body-size limit and a failing Vert.x route.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class ErrorAnswersIT extends ErrorAnswersContract {
    @Test
    void aBodyOverTheSizeLimitIsA413ProblemNotAnEmptyAnswer() throws Exception {
        // Quarkus' default limit (10 MiB) is checked against Content-Length before any body is read, so the
        // headers alone get the answer; a raw socket, as the server closes the connection after it.
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /api/v1/forecast HTTP/1.1\r\nHost: " + base.getHost() + "\r\nX-API-Key: test-key\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (11 << 20) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(
                    answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"),
                    answer);
            assertTrue(answer.contains("\"status\":413") && answer.contains("\"detail\""), answer);
        }
    }

    @Test
    void aFailingVertxRouteAnswersAProblemWithAnErrorIdAndNoClassName() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (String path : new String[] {"/test-only/throws", "/test-only/fails-503"}) {
            java.net.http.HttpResponse<String> response = http.send(
                    java.net.http.HttpRequest.newBuilder(base.resolve(path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() >= 500, path + ": " + response.statusCode());
            assertEquals(null, ErrorAnswerWalker.problemViolation(response), path);
            assertTrue(
                    !response.body().contains("internal detail")
                            && !response.body().contains("IllegalState"),
                    response.body());
        }
    }
}
