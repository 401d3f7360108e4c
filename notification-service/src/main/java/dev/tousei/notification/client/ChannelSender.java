package dev.tousei.notification.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.notification.config.NotificationConfig;
import dev.tousei.notification.repository.DeliveryRepository.DueDelivery;
import dev.tousei.notification.routing.Channel;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Sends one delivery over its channel, once: non-blocking HTTP for webhooks and Slack, SMTP through quarkus-mailer for
 * e-mail, each bounded by {@code notification.delivery.timeout}. Retrying is the delivery worker's job (the schedule
 * is in the database so that it survives restarts), so no retry happens here.
 */
@ApplicationScoped
public class ChannelSender {

    /** What one attempt gave. */
    public record Outcome(boolean success, Integer statusCode, String error) {
        static Outcome ok(Integer status) {
            return new Outcome(true, status, null);
        }

        static Outcome failed(Integer status, String error) {
            return new Outcome(false, status, error);
        }
    }

    public static final String DELIVERY_HEADER = "X-Tousei-Delivery";
    public static final String EVENT_HEADER = "X-Tousei-Event";

    private final WebClient http;
    private final ReactiveMailer mailer;
    private final ObjectMapper json;
    private final Clock clock;
    private final long timeoutMillis;

    ChannelSender(Vertx vertx, ReactiveMailer mailer, ObjectMapper json, Clock clock, NotificationConfig config) {
        this.timeoutMillis = config.delivery().timeout().toMillis();
        this.http = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setUserAgent("tousei-notification-service")
                .setFollowRedirects(false));
        this.mailer = mailer;
        this.json = json;
        this.clock = clock;
    }

    @PreDestroy
    void close() {
        http.close();
    }

    public Uni<Outcome> send(DueDelivery delivery) {
        Channel channel = delivery.channel();
        Uni<Outcome> attempt = switch (channel.type()) {
            case WEBHOOK -> webhook(delivery);
            case SLACK -> slack(delivery);
            case EMAIL -> email(delivery);
        };
        return attempt.onFailure().recoverWithItem(failure -> Outcome.failed(null, describe(failure)));
    }

    private Uni<Outcome> webhook(DueDelivery delivery) {
        Instant now = clock.instant();
        byte[] body = bytes(AlertMessages.webhook(delivery, now));
        HttpRequest<Buffer> request = post(delivery.channel().url())
                .putHeader("Content-Type", "application/json")
                .putHeader(DELIVERY_HEADER, String.valueOf(delivery.id()))
                .putHeader(EVENT_HEADER, AlertMessages.eventType(delivery));
        String secret = delivery.channel().secret();
        if (secret != null && !secret.isEmpty()) {
            long timestamp = now.getEpochSecond();
            request.putHeader(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(timestamp))
                    .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }
        return request.sendBuffer(Buffer.buffer(body)).map(response -> response.statusCode() / 100 == 2
                ? Outcome.ok(response.statusCode())
                : Outcome.failed(response.statusCode(), "HTTP " + response.statusCode()));
    }

    private Uni<Outcome> slack(DueDelivery delivery) {
        byte[] body = bytes(AlertMessages.slack(delivery));
        return post(delivery.channel().url())
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body))
                .map(response -> response.statusCode() / 100 == 2
                        ? Outcome.ok(response.statusCode())
                        : Outcome.failed(response.statusCode(), "HTTP " + response.statusCode()));
    }

    private Uni<Outcome> email(DueDelivery delivery) {
        List<String> to = delivery.recipient() != null ? List.of(delivery.recipient()) : delivery.channel().recipients();
        if (to.isEmpty()) {
            return Uni.createFrom().item(Outcome.failed(null, "the e-mail channel has no recipients"));
        }
        Mail mail = new Mail().setTo(to).setSubject("[tousei] " + AlertMessages.headline(delivery))
                .setText(AlertMessages.text(delivery))
                .addHeader(DELIVERY_HEADER, String.valueOf(delivery.id()))
                .addHeader("X-Tousei-Alert", String.valueOf(delivery.alert().id()));
        return mailer.send(mail).ifNoItem().after(java.time.Duration.ofMillis(timeoutMillis)).fail()
                .replaceWith(Outcome.ok(null));
    }

    private HttpRequest<Buffer> post(String url) {
        return http.requestAbs(HttpMethod.POST, url).timeout(timeoutMillis);
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the message", e);
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
