package io.retailpulse.forecasting;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Test-only Vert.x routes that fail, as a health check or metrics route might: their answers must be problems too. */
@Singleton
public class FailingRoutes {
    void register(@Observes Router router) {
        router.get("/test-only/throws").handler(rc -> {
            throw new IllegalStateException("internal detail that must not leak");
        });
        router.get("/test-only/fails-503").handler(rc -> rc.fail(503));
    }
}
