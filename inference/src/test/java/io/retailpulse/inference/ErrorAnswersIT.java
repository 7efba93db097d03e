package io.retailpulse.inference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.testing.ErrorAnswerWalker;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error answer of inference, framework-made ones included, is problem+json (issue 15, item 7). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(WebhookStub.class)
class ErrorAnswersIT {
    @TestHTTPResource("/")
    URI base;

    @Test
    void everyRouteAnswersMissingKeyWrongMethodWrongMediaTypeAndBrokenJsonWithAProblemBody() throws Exception {
        ErrorAnswerWalker.Result result = ErrorAnswerWalker.walk(base, "test-key");
        assertTrue(result.requests() > 15, "walked " + result.requests() + " requests");
        assertEquals("", String.join("\n", result.violations()));
    }
}
