package io.retailpulse.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Every error answer of a service, framework-made ones included, is problem+json (issue 15, item 7). Each service
 * has one {@code ErrorAnswersIT extends ErrorAnswersContract}, annotated with its {@code @QuarkusTest} and test
 * resources (what it needs to start); the walk itself ({@link ErrorAnswerWalker}) is the same everywhere.
 */
public abstract class ErrorAnswersContract {
    @TestHTTPResource("/")
    protected URI base;

    @Test
    void everyRouteAnswersMissingKeyWrongMethodWrongMediaTypeAndBrokenJsonWithAProblemBody() throws Exception {
        ErrorAnswerWalker.Result result = ErrorAnswerWalker.walk(base, "test-key");
        assertTrue(result.requests() > 15, "walked " + result.requests() + " requests");
        assertEquals("", String.join("\n", result.violations()));
    }
}
