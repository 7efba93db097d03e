package io.retailpulse.inference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.testing.ErrorAnswersContract;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;

/** Every error answer of inference, framework-made ones included, is problem+json (issue 15, item 7). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(WebhookStub.class)
class ErrorAnswersIT extends ErrorAnswersContract {}
