package io.retailpulse.inference.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.inference.config.InferenceConfig;
import io.retailpulse.inference.shared.Retries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The optional alert webhook ({@code pulse.inference.alerts.webhook.url}): JSON POST signed with HMAC-SHA256 over
 * the body ({@code X-Pulse-Signature: sha256=<hex>}), retried with exponential back-off on errors and non-2xx
 * answers. Fire-and-forget: the outcome is recorded on the alert row, the consumer never waits for it.
 */
@ApplicationScoped
public class WebhookSender {
    public static final String SIGNATURE_HEADER = "X-Pulse-Signature";
    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final InferenceConfig.Alerts.Webhook config;
    private final ObjectMapper json;
    private final AlertRepository alerts;
    private final HttpClient client;

    public WebhookSender(InferenceConfig config, ObjectMapper json, AlertRepository alerts) {
        this.config = config.alerts().webhook();
        this.json = json;
        this.alerts = alerts;
        this.client =
                HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public void deliver(AlertEvent alert) {
        if (config.url().isEmpty() || config.url().get().isBlank()) {
            return;
        }
        send(alert)
                .onItem()
                .transformToUni(ok -> alerts.webhook(alert.alertId(), "sent"))
                .onFailure()
                .recoverWithUni(e -> {
                    LOG.warnf(
                            "Webhook for alert %s failed after %d attempts: %s",
                            alert.alertId(), config.maxAttempts(), e.getMessage());
                    return alerts.webhook(alert.alertId(), "failed");
                })
                .subscribe()
                .with(x -> {}, e -> LOG.warn("webhook outcome not saved", e));
    }

    Uni<Integer> send(AlertEvent alert) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(alert);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(config.url().orElseThrow()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("X-Pulse-Alert-Id", alert.alertId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.secret().ifPresent(secret -> request.header(SIGNATURE_HEADER, "sha256=" + sign(secret, body)));
        HttpRequest built = request.build();
        return Retries.withBackOff(
                Uni.createFrom()
                        .completionStage(() -> client.sendAsync(built, HttpResponse.BodyHandlers.discarding()))
                        .map(response -> {
                            if (response.statusCode() / 100 != 2) {
                                throw new IllegalStateException("webhook answered " + response.statusCode());
                            }
                            return response.statusCode();
                        }),
                config.backoff(),
                config.backoff().multipliedBy(8),
                Math.max(0, config.maxAttempts() - 1));
    }

    /** Hex HMAC-SHA256 of {@code body} under {@code secret}: what a receiver recomputes to trust the alert. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
