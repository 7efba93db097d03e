package io.retailpulse.inference.bench;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;

/** {@link RestBench} with the fp32 model served. */
@QuarkusTest
@TestProfile(RestBench.Fp32.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class RestFp32Bench extends RestBench {
    @Override
    String precision() {
        return "fp32";
    }
}
