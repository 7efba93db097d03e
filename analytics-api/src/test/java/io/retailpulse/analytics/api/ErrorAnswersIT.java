package io.retailpulse.analytics.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.testing.ErrorAnswersContract;

/** Every error answer of analytics-api, framework-made ones included, is problem+json (issue 15, item 7). */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class ErrorAnswersIT extends ErrorAnswersContract {}
