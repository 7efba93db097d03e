package io.retailpulse.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a Quarkus service whether it is ready ({@code GET /q/health/ready} answering 200). */
public final class HealthCheck {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private HealthCheck() {
    }

    /** The HTTP status of {@code /q/health/ready}, or -1 if nothing answers. */
    public static int readiness(URI service) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static boolean ready(URI service) {
        return readiness(service) == 200;
    }
}
