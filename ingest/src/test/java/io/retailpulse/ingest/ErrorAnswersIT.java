package io.retailpulse.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.testing.ErrorAnswersContract;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;

/** Every error answer of ingest, framework-made ones included, is problem+json (issue 15, item 7). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class ErrorAnswersIT extends ErrorAnswersContract {}
